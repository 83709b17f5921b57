import { inflateRawSync } from 'node:zlib';

/** One file of a zip archive (directories are skipped). */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/**
 * Reads the files of a small zip/jar whose names start with `prefix`, using only node:zlib. Enough for Maven's
 * multilang jars (stored or deflated entries, no zip64, no encryption); anything else is a clear error.
 * Hand-written instead of a dependency: these two ~20 kB jars are all it ever reads.
 */
export function readZipEntries(zip: Buffer, prefix = ''): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central directory entry at byte ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/') || !name.startsWith(prefix)) continue;
    if (zip.readUInt32LE(localHeader) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) out.push({ name, data: Buffer.from(raw) });
    else if (method === 8) out.push({ name, data: inflateRawSync(raw) });
    else throw new Error(`zip: ${name} uses compression method ${method}; only stored (0) and deflate (8) are supported`);
  }
  return out;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error('zip: end of central directory not found (not a zip file?)');
}
