export interface ImageInfo {
  mime: 'image/png' | 'image/svg+xml';
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The type and pixel size of a PNG or an SVG (from its root element), or null for anything else. */
export function imageInfo(bytes: Uint8Array): ImageInfo | null {
  if (bytes.length >= 24 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The first chunk is IHDR: width and height are its first two big-endian words.
    return { mime: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  const svg = /<svg\b[^>]*>/.exec(head);
  if (svg !== null) {
    const width = /\swidth="(\d+(?:\.\d+)?)"/.exec(svg[0]);
    const height = /\sheight="(\d+(?:\.\d+)?)"/.exec(svg[0]);
    if (width !== null && height !== null) {
      return { mime: 'image/svg+xml', width: Number(width[1]), height: Number(height[1]) };
    }
  }
  return null;
}
