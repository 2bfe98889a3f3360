import gcoord from 'gcoord'

/**
 * The base tiles under the map, as the operator set them on the gateway
 * (WEIMIN_GATEWAY_MAP_TILES, served at /api/app-config). No URL: no tiles, a plain
 * background under our own boundaries, buildings and markers.
 */
export interface MapTiles {
  url: string
  label_url: string
  subdomains: string[]
  crs: 'wgs84' | 'gcj02'
  attribution: string
  max_zoom: number
}

export const NO_TILES: MapTiles = { url: '', label_url: '', subdomains: [], crs: 'wgs84', attribution: '', max_zoom: 18 }

/** [lon, lat] in, [lon, lat] out. */
export type Project = (position: readonly [number, number]) => [number, number]

/**
 * Our data is WGS-84. Tiles drawn in GCJ-02 (AMap, Tencent) sit a few hundred metres off
 * it, so our shapes move onto the tiles' datum instead; Tianditu's CGCS2000 and plain
 * OpenStreetMap-style tiles are WGS-84 for a phone's purposes. With no tiles there is
 * nothing to line up with: the data is drawn as stored.
 */
export function needsGcj02(tiles: MapTiles): boolean {
  return tiles.url !== '' && tiles.crs === 'gcj02'
}

export function projectorFor(tiles: MapTiles): Project {
  if (!needsGcj02(tiles))
    return ([lon, lat]) => [lon, lat]
  return ([lon, lat]) => gcoord.transform<[number, number]>([lon, lat], gcoord.WGS84, gcoord.GCJ02)
}

/** Reads the operator's tile setting; a gateway without one, or a failed read, means no tiles. */
export function parseTiles(body: unknown): MapTiles {
  const map = (body as { map?: Partial<MapTiles> } | null)?.map
  if (!map || typeof map.url !== 'string')
    return NO_TILES
  return {
    url: map.url,
    label_url: typeof map.label_url === 'string' ? map.label_url : '',
    subdomains: Array.isArray(map.subdomains) ? map.subdomains.map(String) : [],
    crs: map.crs === 'gcj02' ? 'gcj02' : 'wgs84',
    attribution: typeof map.attribution === 'string' ? map.attribution : '',
    max_zoom: typeof map.max_zoom === 'number' ? map.max_zoom : 18,
  }
}
