/**
 * The dense products of the bifurcation pass, `z = x · W` for a batch of rows,
 * with a fixed accumulation order: for each row, `z[j] = (((0 + x₀·W₀ⱼ) +
 * x₁·W₁ⱼ) + …)` over the inputs in order, each product rounded and each
 * sum rounded to the arithmetic's format (IEEE multiply then add, no fused
 * multiply-add). Inputs equal to 0 are skipped: adding a product ±0 leaves a
 * sum unchanged except for the sign of a zero sum, which relu'(0) does not
 * see. Two implementations give the same bits: plain TypeScript, and a
 * WebAssembly SIMD kernel (four float32 or two float64 columns at a time,
 * each column still summed in input order), assembled at start-up with wabt.
 *
 * @module
 */
import wabtInit from "npm:wabt@1.0.39";

/** A dense product `out[r·fout + j] = Σᵢ x[r·fin + i] · w[i·fout + j]` over `rows` rows. */
export interface DenseProduct<A extends Float32Array | Float64Array> {
  /**
   * Computes the product into `out`.
   * @param x `rows × fin` inputs, row-major
   * @param w `fin × fout` weights, input-major
   * @param out `rows × fout` results
   * @param shape the numbers of rows, inputs and outputs
   */
  (x: A, w: A, out: A, shape: { rows: number; fin: number; fout: number }): void;
}

/**
 * The product in float32, in plain TypeScript: each product rounded to
 * float32 with `Math.fround`, each sum rounded by the Float32Array store
 * (exact IEEE float32 arithmetic: a sum of two float32 values computed in
 * float64 and rounded once is the float32 sum).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { product32 } from "./kernel.ts";
 * const out = new Float32Array(2);
 * product32(new Float32Array([1, 2]), new Float32Array([1, 0.5, 3, 1e-8]), out, { rows: 1, fin: 2, fout: 2 });
 * deepStrictEqual([...out], [7, Math.fround(0.5 + Math.fround(2e-8))]);
 * ```
 */
export const product32: DenseProduct<Float32Array> = (x, w, out, { rows, fin, fout }) => {
  for (let r = 0; r < rows; r++) {
    const zo = r * fout;
    out.fill(0, zo, zo + fout);
    const xo = r * fin;
    for (let i = 0; i < fin; i++) {
      const xi = x[xo + i];
      if (xi === 0) continue;
      const wo = i * fout;
      for (let j = 0; j < fout; j++) out[zo + j] = out[zo + j] + Math.fround(xi * w[wo + j]);
    }
  }
};

/**
 * The product in float64, in plain TypeScript, in the same order as
 * {@link product32}.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { product64 } from "./kernel.ts";
 * const out = new Float64Array(1);
 * product64(new Float64Array([0.1, 0.2]), new Float64Array([1, 1]), out, { rows: 1, fin: 2, fout: 1 });
 * deepStrictEqual([...out], [0.1 + 0.2]);
 * ```
 */
export const product64: DenseProduct<Float64Array> = (x, w, out, { rows, fin, fout }) => {
  for (let r = 0; r < rows; r++) {
    const zo = r * fout;
    out.fill(0, zo, zo + fout);
    const xo = r * fin;
    for (let i = 0; i < fin; i++) {
      const xi = x[xo + i];
      if (xi === 0) continue;
      const wo = i * fout;
      for (let j = 0; j < fout; j++) out[zo + j] += xi * w[wo + j];
    }
  }
};

/**
 * One SIMD product function of the module, for `t` = f32 (4 lanes) or f64
 * (2 lanes). Per row it first lists the nonzero inputs (value, weight row
 * offset) in `scratch`, then, for each block of four vectors of outputs
 * (16 float32 or 8 float64 columns), keeps the four sums in registers while
 * it walks the list in input order. `fout` must be a multiple of the block.
 */
function productFunction(name: string, t: "f32" | "f64", lanes: number): string {
  const b = t === "f32" ? 4 : 8;
  const v = `${t}x${lanes}`;
  const acc = (k: number) =>
    `(local.set $a${k} (${v}.add (local.get $a${k}) (${v}.mul (local.get $s) (v128.load offset=${
      16 * k
    } (local.get $wp)))))`;
  return `
  (func (export "${name}") (param $x i32) (param $w i32) (param $z i32) (param $rows i32) (param $fin i32) (param $fout i32)
    (param $scratch i32)
    (local $r i32) (local $i i32) (local $xi ${t}) (local $zrow i32) (local $xrow i32) (local $rowbytes i32)
    (local $p i32) (local $end i32) (local $jb i32) (local $wp i32) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowbytes (i32.mul (local.get $fout) (i32.const ${b})))
    (block $rows_done (loop $rows_loop
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $zrow (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $rowbytes))))
      (local.set $xrow (i32.add (local.get $x) (i32.mul (i32.mul (local.get $r) (local.get $fin)) (i32.const ${b}))))
      (local.set $end (local.get $scratch))
      (local.set $i (i32.const 0))
      (block $in_done (loop $in_loop
        (br_if $in_done (i32.ge_u (local.get $i) (local.get $fin)))
        (local.set $xi (${t}.load (i32.add (local.get $xrow) (i32.mul (local.get $i) (i32.const ${b})))))
        (if (${t}.ne (local.get $xi) (${t}.const 0)) (then
          (${t}.store (local.get $end) (local.get $xi))
          (i32.store offset=8 (local.get $end) (i32.mul (local.get $i) (local.get $rowbytes)))
          (local.set $end (i32.add (local.get $end) (i32.const 16)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $in_loop)))
      (local.set $jb (i32.const 0))
      (block $blocks_done (loop $blocks_loop
        (br_if $blocks_done (i32.ge_u (local.get $jb) (local.get $rowbytes)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $p (local.get $scratch))
        (block $list_done (loop $list_loop
          (br_if $list_done (i32.ge_u (local.get $p) (local.get $end)))
          (local.set $s (${v}.splat (${t}.load (local.get $p))))
          (local.set $wp (i32.add (i32.add (local.get $w) (i32.load offset=8 (local.get $p))) (local.get $jb)))
          ${acc(0)}
          ${acc(1)}
          ${acc(2)}
          ${acc(3)}
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br $list_loop)))
        (v128.store offset=0 (i32.add (local.get $zrow) (local.get $jb)) (local.get $a0))
        (v128.store offset=16 (i32.add (local.get $zrow) (local.get $jb)) (local.get $a1))
        (v128.store offset=32 (i32.add (local.get $zrow) (local.get $jb)) (local.get $a2))
        (v128.store offset=48 (i32.add (local.get $zrow) (local.get $jb)) (local.get $a3))
        (local.set $jb (i32.add (local.get $jb) (i32.const 64)))
        (br $blocks_loop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows_loop))))`;
}

/** The kernel module's WebAssembly text. */
const WAT = `(module
  (memory (export "memory") 1)${productFunction("product32", "f32", 4)}${productFunction("product64", "f64", 2)})`;

/** The SIMD products, with the widths they need. */
export interface SimdProducts {
  /** float32 product, same bits as {@link product32} (SIMD where `fout` is a multiple of 16). */
  product32: DenseProduct<Float32Array>;
  /** float64 product, same bits as {@link product64} (SIMD where `fout` is a multiple of 8). */
  product64: DenseProduct<Float64Array>;
}

/**
 * Assembles and instantiates the WebAssembly SIMD products. Each call copies
 * its operands into the module's memory (growing it as needed) and the
 * result out. An output width that is not a whole number of blocks (16
 * float32 or 8 float64 columns) falls back to the TypeScript product (same bits).
 *
 * @returns the two products
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { createSimdProducts, product32 } from "./kernel.ts";
 * const simd = await createSimdProducts();
 * const x = new Float32Array([0.1, 0, 0.3, 0.7]);
 * const w = new Float32Array(32).map((_, k) => Math.fround(Math.sin(k)));
 * const [a, b] = [new Float32Array(32), new Float32Array(32)];
 * simd.product32(x, w, a, { rows: 2, fin: 2, fout: 16 });
 * product32(x, w, b, { rows: 2, fin: 2, fout: 16 });
 * deepStrictEqual(a, b);
 * ```
 */
export async function createSimdProducts(): Promise<SimdProducts> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat("mnist_kernel.wat", WAT, { simd: true, bulk_memory: true });
  let bytes: Uint8Array;
  try {
    parsed.validate();
    bytes = Uint8Array.from(parsed.toBinary({ log: false }).buffer);
  } finally {
    parsed.destroy();
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
  const memory = instance.exports.memory as WebAssembly.Memory;
  type Raw = (x: number, w: number, z: number, rows: number, fin: number, fout: number, scratch: number) => void;
  const raw32 = instance.exports.product32 as Raw;
  const raw64 = instance.exports.product64 as Raw;
  const reserve = (bytesNeeded: number): void => {
    const missing = bytesNeeded - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  };
  function wrap<A extends Float32Array | Float64Array>(
    raw: Raw,
    lanes: number,
    fallback: DenseProduct<A>,
    View: { new (buffer: ArrayBuffer, offset: number, length: number): A; BYTES_PER_ELEMENT: number },
  ): DenseProduct<A> {
    return (x, w, out, shape) => {
      const { rows, fin, fout } = shape;
      if (fout % (4 * lanes) !== 0) return fallback(x, w, out, shape);
      const b = View.BYTES_PER_ELEMENT;
      const nx = rows * fin, nw = fin * fout, nz = rows * fout;
      const wAt = nx * b, zAt = wAt + nw * b, scratchAt = zAt + nz * b;
      reserve(scratchAt + 16 * fin);
      const buffer = memory.buffer as ArrayBuffer;
      new View(buffer, 0, nx).set(x.subarray(0, nx) as never);
      new View(buffer, wAt, nw).set(w.subarray(0, nw) as never);
      raw(0, wAt, zAt, rows, fin, fout, scratchAt);
      out.set(new View(buffer, zAt, nz) as never);
    };
  }
  return {
    product32: wrap<Float32Array>(raw32, 4, product32, Float32Array as never),
    product64: wrap<Float64Array>(raw64, 2, product64, Float64Array as never),
  };
}
