import qrcode from 'qrcode-generator'

export interface QrPicture {
  /** Modules plus the quiet zone on each side: the SVG's viewBox is size × size. */
  size: number
  /** One path of unit squares, drawn with fill (no script, no innerHTML). */
  path: string
}

/** A QR code of `text` (error correction M, a 2-module quiet zone) as SVG path data. */
export function qrPicture(text: string, quiet = 2): QrPicture {
  const code = qrcode(0, 'M')
  code.addData(text)
  code.make()
  const count = code.getModuleCount()
  const parts: string[] = []
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (code.isDark(row, col))
        parts.push(`M${col + quiet} ${row + quiet}h1v1h-1z`)
    }
  }
  return { size: count + quiet * 2, path: parts.join('') }
}
