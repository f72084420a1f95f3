/**
 * The training engines behind one contract: the fused CPU, wasm and WebGPU kernels, the tfjs autodiff engine,
 * the engine registry, backend selection, and the plain-arithmetic gradient both are checked against.
 *
 * This is the `./engine` subpath export.
 *
 * @module
 */
export { activationOp } from "./activation_ops.ts";
export { createAutodiffEngine, reluWithGradAtZero, type Tensor } from "./autodiff.ts";
export {
  type AdapterProvider,
  type AdapterSource,
  BACKEND_CHOICES,
  type BackendChoice,
  type BackendSelection,
  gpuAdapterProvider,
  selectBackend,
  type SelectBackendOptions,
} from "./backend.ts";
export {
  ADAM_BETA1,
  ADAM_BETA2,
  ADAM_EPSILON,
  checkEngineSpec,
  checkSteps,
  type EngineFactory,
  type EngineSpec,
  fusedCannot,
  type StepResult,
  type TrainingEngine,
} from "./contract.ts";
export { createFusedEngine } from "./fused.ts";
export {
  type FusedArrays,
  type FusedArrays64,
  type FusedKernelAttrs,
  type PackedLayout,
  packedLayout,
  piecewiseSlopes,
  stateWidth,
} from "./kernel.ts";
export { runFusedSteps } from "./kernel_cpu.ts";
export { runFusedSteps64 } from "./kernel_cpu64.ts";
export { runFusedSteps64Wasm, runFusedStepsWasm } from "./kernel_wasm.ts";
export {
  type PlainGradient,
  plainGradient,
  type PlainGradientOptions,
  type PlainRun,
  plainTrain,
  type PlainTrainOptions,
} from "./plain_trainer.ts";
export { engineFor, ENGINES } from "./registry.ts";
export {
  type KinkProgramOptions,
  kinkProgramTensor,
  PROBE_POINTS,
  type ProbePoint,
  TFJS_VERSION,
  tfjsKinkProgram,
  tfjsReluGradient,
  TORCH_RELU_GRAD_PROGRAM,
  type TorchAnswer,
  torchReluGradient,
} from "./relu_grad_probe.ts";
export { describeAdapter, isFallbackAdapter, webgpuDeviceDescriptor } from "./webgpu/device.ts";
export { type FusedWebGpuPlan, fusedWebGpuPlan, type FusedWebGpuPlanInput } from "./webgpu/plan.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { KinkProgram, KinkTerm } from "../math/kink_programs.ts";
export type { RegressorParams } from "../model/run.ts";
export { BACKEND_NAMES, ENGINE_NAMES, OPTIMIZERS, PRECISIONS } from "../model/settings.ts";
export type { BackendName, EngineName, GradAtZero, OptimizerName, Precision } from "../model/settings.ts";
export { ACTIVATION_NAMES } from "../math/activation_registry.ts";
export type { ActivationFunction, ActivationKind, ActivationName, Slopes } from "../math/activation_registry.ts";
