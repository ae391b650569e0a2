import yazl from "yazl";

export type ZipEntry =
  | { name: string; content: string | Buffer; mode?: number; compress?: boolean }
  | { name: string; symlinkTo: string }
  | { name: string; dir: true };

/** A real zip built by yazl (the library upload-artifact's archiver family agrees with). */
export function makeZip(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if ("dir" in e) zip.addEmptyDirectory(e.name);
    else if ("symlinkTo" in e) zip.addBuffer(Buffer.from(e.symlinkTo), e.name, { mode: 0o120777, compress: false });
    else zip.addBuffer(Buffer.from(e.content), e.name, { mode: e.mode ?? 0o100644, compress: e.compress ?? true });
  }
  zip.end();
  return collect(zip.outputStream);
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * yazl refuses unsafe names (rightly), so an attacker's zip is made by writing a harmless
 * placeholder of the same length and swapping the bytes in the local and central headers
 * (names are not covered by the CRC).
 */
export function renameEntry(zip: Buffer, placeholder: string, evil: string): Buffer {
  if (Buffer.byteLength(placeholder) !== Buffer.byteLength(evil))
    throw new Error("placeholder and name must have the same length");
  const out = Buffer.from(zip);
  const from = Buffer.from(placeholder);
  let at = out.indexOf(from);
  let n = 0;
  while (at !== -1) {
    Buffer.from(evil).copy(out, at);
    n++;
    at = out.indexOf(from, at + from.length);
  }
  if (n < 2) throw new Error(`placeholder ${placeholder} found ${n} times, expected local + central header`);
  return out;
}

/**
 * Rewrites the uncompressed size an entry declares (local and central headers) to `declared`:
 * an archive whose headers understate what it inflates to.
 */
export function lieAboutSize(zip: Buffer, declared: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt32LE(declared, i + 22); // local file header
    if (sig === 0x02014b50) out.writeUInt32LE(declared, i + 24); // central directory header
  }
  return out;
}
