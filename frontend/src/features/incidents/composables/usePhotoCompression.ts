import imageCompression from 'browser-image-compression'

/** Phone photos are 3–12 MB; a report needs to be legible, not printable. 1600 px on the
 * long side and about 500 KB keep a street sign readable and upload on a weak signal. */
export const COMPRESSION_OPTIONS = {
  maxWidthOrHeight: 1600,
  maxSizeMB: 0.5,
  fileType: 'image/jpeg',
  initialQuality: 0.8,
  useWebWorker: true,
} as const

/** A photo small enough to queue and upload; a file already small enough is kept as is. */
export async function compressPhoto(file: File, compress = imageCompression): Promise<Blob> {
  if (file.size <= COMPRESSION_OPTIONS.maxSizeMB * 1024 * 1024 && file.type === 'image/jpeg')
    return file
  return compress(file, { ...COMPRESSION_OPTIONS })
}
