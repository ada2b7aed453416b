import { EVIDENCE_MAX_BYTES } from '@safegrid/contracts/values';
import { PHOTO_QUALITY, PHOTO_TYPE, jpegName, photoTargetSize } from './inspectionModel';

/**
 * Compresses a photo on the device before upload: decoded (EXIF orientation applied), drawn on a
 * canvas at most PHOTO_MAX_SIDE px on its longest side, encoded as JPEG at PHOTO_QUALITY. The size
 * computation is `photoTargetSize` (tested); this is the browser part.
 */
export interface CompressedPhoto {
  blob: Blob;
  fileName: string;
}

async function decode(
  file: Blob,
): Promise<{ source: CanvasImageSource; width: number; height: number; close(): void }> {
  if (typeof createImageBitmap === 'function') {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  }
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return { source: image, width: image.naturalWidth, height: image.naturalHeight, close: () => undefined };
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function compressPhoto(file: File): Promise<CompressedPhoto> {
  const image = await decode(file);
  try {
    const size = photoTargetSize(image.width, image.height);
    if (!size) throw new Error('undrawable image');
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no canvas');
    // JPEG has no transparency: a white background rather than black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(image.source, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, PHOTO_TYPE, PHOTO_QUALITY),
    );
    if (!blob) throw new Error('encoding failed');
    return { blob, fileName: jpegName(file.name) };
  } finally {
    image.close();
  }
}

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * The photo to upload: compressed; when the browser cannot decode it (e.g. HEIC on some
 * browsers), the original if the server accepts its type and size; otherwise null.
 */
export async function preparePhoto(file: File): Promise<CompressedPhoto | null> {
  try {
    return await compressPhoto(file);
  } catch {
    if (ACCEPTED.has(file.type) && file.size <= EVIDENCE_MAX_BYTES) {
      return { blob: file, fileName: file.name };
    }
    return null;
  }
}
