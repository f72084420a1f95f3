/**
 * The maths of relu and its relatives, as plain numbers and arrays: the activation registry (relu, leaky relu,
 * abs, identity, sigmoid, tanh, softplus, GELU, with slopes and kink derivatives), relu and its derivative with a chosen
 * value at the kink, the subdifferential and the expected subgradient, sigmoid and tanh, the flip, slope and
 * shift families, grids, breakpoints, float32 rounding and seeded random numbers.
 *
 * The root `mod.ts` re-exports the everyday part; this is the `./math` subpath export.
 *
 * @module
 */
export {
  ACTIVATION_ACCEPTED,
  ACTIVATION_DEFAULT,
  ACTIVATION_NAMES,
  ACTIVATION_REGISTRY,
  type ActivationEntry,
  type ActivationFunction,
  type ActivationKind,
  type ActivationName,
  activationOf,
  gelu,
  geluDerivative,
  isPiecewise,
  KINK_RANGE,
  kinkAccepted,
  kinkDraw,
  kinkInterval,
  kinkProblem,
  parseActivation,
  type PiecewiseActivation,
  type Slopes,
  softplus,
} from "./activation_registry.ts";
export {
  type Activation,
  ACTIVATIONS,
  saturatedIntervals,
  SATURATING_ACTIVATIONS,
  sigmoid,
  sigmoidDerivative,
  tanhDerivative,
} from "./activations.ts";
export { activationPieceCurve, type Curve, pieceXs, reluPieceBreakpoints, SMOOTH_SAMPLES } from "./breakpoints.ts";
export { envelopeIndices } from "./envelope.ts";
export {
  evaluateMember,
  FAMILY_VALUES,
  flipFamily,
  horizontalShiftFamily,
  memberCurve,
  type ReluMember,
  slopeFamily,
  verticalShiftFamily,
} from "./families.ts";
export { float32Number } from "./float32.ts";
export { linspace } from "./grid.ts";
export {
  chainRuleAtZero,
  evaluateKinkProgram,
  KINK_PROGRAMS,
  type KinkDerivative,
  kinkDerivativeText,
  type KinkProgram,
  type KinkTerm,
} from "./kink_programs.ts";
export { type Linearity, linearity, type LinearityOptions, type SlopeAt } from "./linearity.ts";
export { createRng, hash32, hashUniform, type Rng } from "./random.ts";
export {
  checkGradAtZero,
  expectedSubgradient,
  expectedSubgradientNumeric,
  GRAD_AT_ZERO_DEFAULT,
  type Interval,
  isFixedGradAtZero,
  relu,
  reluDerivative,
  type ReluDerivativeOptions,
  subdifferential,
  subgradientFan,
} from "./relu.ts";
export { DEFAULT_TARGET, type Target, TARGET_NAMES, type TargetName, TARGETS } from "./targets.ts";
