import { open } from 'node:fs/promises';

/**
 * A minimal GGUF (version 3) writer: metadata key/values and F32, F16 or Q8_0 tensors.
 * Used to generate the test fixture models and the built-in embedding model on the user's machine.
 */

export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'f32[]'; value: ArrayLike<number> }
  | { type: 'i32[]'; value: ArrayLike<number> };

export const gguf = {
  u32: (value: number): GgufValue => ({ type: 'u32', value }),
  i32: (value: number): GgufValue => ({ type: 'i32', value }),
  f32: (value: number): GgufValue => ({ type: 'f32', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  string: (value: string): GgufValue => ({ type: 'string', value }),
  strings: (value: readonly string[]): GgufValue => ({ type: 'string[]', value }),
  f32s: (value: ArrayLike<number>): GgufValue => ({ type: 'f32[]', value }),
  i32s: (value: ArrayLike<number>): GgufValue => ({ type: 'i32[]', value }),
};

export type GgufTensorType = 'f32' | 'f16' | 'q8_0';

export interface GgufTensor {
  name: string;
  /** ggml order: `shape[0]` is the row length (innermost), `shape[1]` the number of rows. */
  shape: readonly number[];
  type: GgufTensorType;
  /** Row-major values, `product(shape)` of them. */
  data: Float32Array;
}

export interface GgufFile {
  metadata: ReadonlyArray<readonly [string, GgufValue]>;
  tensors: readonly GgufTensor[];
}

const ALIGNMENT = 32;
const GGML_TYPE = { f32: 0, f16: 1, q8_0: 8 } as const;
const VALUE_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;
const Q8_0_BLOCK = 32;

class ByteSink {
  private chunks: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad > 0) this.push(Buffer.alloc(pad));
  }
  take(): Buffer[] {
    const out = this.chunks;
    this.chunks = [];
    return out;
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  switch (value.type) {
    case 'u32':
      sink.u32(VALUE_TYPE.u32);
      sink.u32(value.value);
      return;
    case 'i32':
      sink.u32(VALUE_TYPE.i32);
      sink.i32(value.value);
      return;
    case 'f32':
      sink.u32(VALUE_TYPE.f32);
      sink.f32(value.value);
      return;
    case 'bool':
      sink.u32(VALUE_TYPE.bool);
      sink.push(Buffer.from([value.value ? 1 : 0]));
      return;
    case 'string':
      sink.u32(VALUE_TYPE.string);
      sink.string(value.value);
      return;
    case 'string[]':
      sink.u32(VALUE_TYPE.array);
      sink.u32(VALUE_TYPE.string);
      sink.u64(value.value.length);
      for (const s of value.value) sink.string(s);
      return;
    case 'f32[]': {
      sink.u32(VALUE_TYPE.array);
      sink.u32(VALUE_TYPE.f32);
      sink.u64(value.value.length);
      const b = Buffer.alloc(value.value.length * 4);
      for (let i = 0; i < value.value.length; i++) b.writeFloatLE(value.value[i] ?? 0, i * 4);
      sink.push(b);
      return;
    }
    case 'i32[]': {
      sink.u32(VALUE_TYPE.array);
      sink.u32(VALUE_TYPE.i32);
      sink.u64(value.value.length);
      const b = Buffer.alloc(value.value.length * 4);
      for (let i = 0; i < value.value.length; i++) b.writeInt32LE(value.value[i] ?? 0, i * 4);
      sink.push(b);
      return;
    }
  }
}

/** IEEE 754 half precision bits of `value` (round to nearest even). */
export function float16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  let e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  if ((half & 0x7c00) === 0x7c00) e = 0x1f;
  return sign | half;
}

function encodeTensor(tensor: GgufTensor): Buffer {
  const { data, type } = tensor;
  if (type === 'f32') return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (type === 'f16') {
    const out = Buffer.alloc(data.length * 2);
    for (let i = 0; i < data.length; i++) out.writeUInt16LE(float16Bits(data[i] ?? 0), i * 2);
    return out;
  }
  const blocks = data.length / Q8_0_BLOCK;
  const out = Buffer.alloc(blocks * (2 + Q8_0_BLOCK));
  for (let b = 0; b < blocks; b++) {
    let amax = 0;
    for (let i = 0; i < Q8_0_BLOCK; i++) amax = Math.max(amax, Math.abs(data[b * Q8_0_BLOCK + i] ?? 0));
    const d = amax / 127;
    const inv = d === 0 ? 0 : 1 / d;
    const base = b * (2 + Q8_0_BLOCK);
    out.writeUInt16LE(float16Bits(d), base);
    for (let i = 0; i < Q8_0_BLOCK; i++) {
      out.writeInt8(Math.round((data[b * Q8_0_BLOCK + i] ?? 0) * inv), base + 2 + i);
    }
  }
  return out;
}

function validate(tensor: GgufTensor): void {
  const count = tensor.shape.reduce((a, b) => a * b, 1);
  if (count !== tensor.data.length) {
    throw new RangeError(
      `tensor ${tensor.name}: shape holds ${count} values but data has ${tensor.data.length}`,
    );
  }
  if (tensor.type === 'q8_0' && (tensor.shape[0] ?? 0) % Q8_0_BLOCK !== 0) {
    throw new RangeError(
      `tensor ${tensor.name}: Q8_0 needs a row length that is a multiple of ${Q8_0_BLOCK}`,
    );
  }
}

/** Writes `file` as GGUF v3 to `path` (header, tensor infos, then 32-byte aligned tensor data). */
export async function writeGguf(path: string, file: GgufFile): Promise<void> {
  for (const t of file.tensors) validate(t);
  const header = new ByteSink();
  header.push(Buffer.from('GGUF', 'ascii'));
  header.u32(3);
  header.u64(file.tensors.length);
  header.u64(file.metadata.length);
  for (const [key, value] of file.metadata) {
    header.string(key);
    writeValue(header, value);
  }
  const encoded: Buffer[] = [];
  let offset = 0;
  for (const tensor of file.tensors) {
    header.string(tensor.name);
    header.u32(tensor.shape.length);
    for (const dim of tensor.shape) header.u64(dim);
    header.u32(GGML_TYPE[tensor.type]);
    header.u64(offset);
    const bytes = encodeTensor(tensor);
    encoded.push(bytes);
    offset += bytes.length + ((ALIGNMENT - (bytes.length % ALIGNMENT)) % ALIGNMENT);
  }
  header.padTo(ALIGNMENT);

  const handle = await open(path, 'w');
  try {
    // One write for the header: it holds every token string (100,000 small pieces for the built-in model).
    await handle.write(Buffer.concat(header.take()));
    for (const bytes of encoded) {
      await handle.write(bytes);
      const pad = (ALIGNMENT - (bytes.length % ALIGNMENT)) % ALIGNMENT;
      if (pad > 0) await handle.write(Buffer.alloc(pad));
    }
  } finally {
    await handle.close();
  }
}
