/** Every static figure builder with the settings of its committed figure (test helper). */
import {
  activationsFigure,
  flipFigure,
  horizontalShiftFigure,
  networkFigure,
  reluDerivativeFigure,
  reluFigure,
  slopeFigure,
  subgradientsFigure,
  targetFigure,
  type VegaLiteSpec,
  verticalShiftFigure,
} from "../../mod.ts";

/** The builders by figure name. */
export const FIGURE_BUILDERS: Readonly<Record<string, () => VegaLiteSpec>> = {
  relu: () => reluFigure(),
  relu_derivative: () => reluDerivativeFigure({ gradAtZero: 0.5 }),
  subgradients: () => subgradientsFigure(),
  flip: () => flipFigure(),
  slope: () => slopeFigure(),
  shift_horizontal: () => horizontalShiftFigure(),
  shift_vertical: () => verticalShiftFigure(),
  target: () => targetFigure(),
  network: () => networkFigure(),
  activations: () => activationsFigure(),
};
