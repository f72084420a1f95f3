/**
 * The IDX file format of the MNIST files (LeCun's `train-images-idx3-ubyte`,
 * ...): a big-endian header `0x00 0x00 type ndims`, then `ndims` 32-bit
 * dimensions, then the data. Only unsigned bytes (type 0x08) are accepted,
 * and the data must be exactly as long as the dimensions say.
 *
 * @module
 */
import { UsageError } from "../errors.ts";

/** A parsed IDX file of unsigned bytes. */
export interface IdxArray {
  /** The dimensions, outermost first (`[60000, 28, 28]` for the training images). */
  dims: number[];
  /** The data, row-major (a view into the bytes given, not a copy). */
  data: Uint8Array;
}

/** The IDX type code of unsigned bytes. */
const UBYTE = 0x08;

/**
 * Reads the header of an IDX file: checks the magic number and returns the
 * dimensions and the header's length. A file that is too short for its
 * header, or whose magic number is not `0x0000 08 0N`, is refused with a
 * {@link UsageError} naming `name`.
 *
 * @param bytes the file's first bytes (at least the header)
 * @param options `name`: how the error names the file; `ndims`: the number of dimensions expected
 * @returns the dimensions and the header's length in bytes
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { idxHeader } from "./idx.ts";
 * const header = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3]);
 * deepStrictEqual(idxHeader(header, { name: "labels", ndims: 1 }), { dims: [3], headerBytes: 8 });
 * throws(() => idxHeader(new Uint8Array([0, 0, 13, 1, 0, 0, 0, 3]), { name: "labels", ndims: 1 }), /labels/);
 * ```
 */
export function idxHeader(
  bytes: Uint8Array,
  options: { name: string; ndims: number },
): { dims: number[]; headerBytes: number } {
  const { name, ndims } = options;
  const expected = `0x000008${ndims.toString(16).padStart(2, "0")}`;
  if (bytes.length < 4) {
    throw new UsageError(`${name} is not an IDX file: ${bytes.length} bytes, shorter than its 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UBYTE || bytes[3] !== ndims) {
    throw new UsageError(
      `${name} is not an IDX file of unsigned bytes with ${ndims} dimension(s): magic number 0x${
        magic.toString(16).padStart(8, "0")
      }, expected ${expected}`,
    );
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new UsageError(`${name} is truncated: ${bytes.length} bytes, shorter than its ${headerBytes}-byte header`);
  }
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d));
  return { dims, headerBytes };
}

/**
 * Parses a whole IDX file of unsigned bytes. Refuses, with a one-line
 * {@link UsageError} naming `name`, a wrong magic number or number of
 * dimensions, and data shorter (truncated) or longer than the dimensions say.
 *
 * @param bytes the file's bytes
 * @param options `name`: how the error names the file; `ndims`: the number of dimensions expected
 * @returns the dimensions and a view of the data
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { parseIdx } from "./idx.ts";
 * const file = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]);
 * const { dims, data } = parseIdx(file, { name: "labels", ndims: 1 });
 * deepStrictEqual(dims, [3]);
 * deepStrictEqual([...data], [7, 2, 1]);
 * throws(() => parseIdx(file.subarray(0, 10), { name: "labels", ndims: 1 }), /labels is truncated/);
 * ```
 */
export function parseIdx(bytes: Uint8Array, options: { name: string; ndims: number }): IdxArray {
  const { dims, headerBytes } = idxHeader(bytes, options);
  const size = idxDataBytes(dims);
  const have = bytes.length - headerBytes;
  if (have !== size) {
    throw new UsageError(
      `${options.name} ${have < size ? "is truncated" : "has trailing bytes"}: its header (${
        dims.join(" × ")
      }) needs ${size} data bytes, the file has ${have}`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/**
 * The number of data bytes that dimensions call for (their product).
 *
 * @param dims the dimensions
 * @returns their product
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { idxDataBytes } from "./idx.ts";
 * strictEqual(idxDataBytes([60000, 28, 28]), 47040000);
 * ```
 */
export function idxDataBytes(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
