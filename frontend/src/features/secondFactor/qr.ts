const SVG_NS = 'http://www.w3.org/2000/svg'

/**
 * The server's QR code (an SVG written for inlining in HTML: no namespace, no viewBox) as a
 * `data:` URL for an `<img>`. An image never runs scripts nor reaches the page, so the
 * server's text is never put into the page's DOM. The namespace is added (without it an
 * image shows nothing) and a viewBox from its size, so it scales with the image.
 */
export function svgImageUrl(svg: string): string | null {
  const open = /^\s*<svg\b([^>]*)>/.exec(svg)
  if (!open)
    return null
  let attributes = open[1]!.replace(/\/$/, '')
  const closing = open[1]!.endsWith('/') ? '/' : ''
  if (!/\sxmlns=/.test(attributes))
    attributes += ` xmlns="${SVG_NS}"`
  const width = /\swidth="([\d.]+)"/.exec(attributes)?.[1]
  const height = /\sheight="([\d.]+)"/.exec(attributes)?.[1]
  if (!/\sviewBox=/.test(attributes) && width && height)
    attributes += ` viewBox="0 0 ${width} ${height}"`
  const whole = `<svg${attributes}${closing}>${svg.slice(open[0].length)}`
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(whole)}`
}

/** A base32 secret in groups of four, for reading it into an authenticator by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g)?.join(' ') ?? ''
}
