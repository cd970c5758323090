/** SVG to pixels, in the browser: the SVG is an image, drawn on a canvas at the size asked for. */

export async function svgImage(svg: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    // decode() has the pixels; the URL is no longer needed.
    URL.revokeObjectURL(url);
  }
}

/** A PNG of the SVG at `width`×`height` CSS pixels times `scale` (2 for a 4K projector or a retina slide). */
export async function svgToPng(svg: string, width: number, height: number, scale = 1): Promise<Blob> {
  const img = await svgImage(svg);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob gave nothing'))), 'image/png'));
}
