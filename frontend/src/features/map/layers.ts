import type { Project } from './tiles'

/** Leaflet's order: [lat, lng]. */
export type LatLng = [number, number]

export interface GeoFeature {
  id?: string | number
  /** A GeoJSON geometry: `type` and `coordinates`. */
  geometry: Record<string, unknown>
  properties: Record<string, unknown>
}

export interface MapCollection {
  bbox?: number[]
  features: GeoFeature[]
}

export interface UnitShape {
  id: string
  name: string
  /** Polygons, each a shell then its holes. */
  polygons: LatLng[][][]
}

export interface BuildingPoint {
  id: string
  address: string
  at: LatLng
}

export interface IncidentPoint {
  id: string
  title: string
  state: string
  dueAt: string
  overdue: boolean
  at: LatLng
}

export interface MapLayers {
  units: UnitShape[]
  buildings: BuildingPoint[]
  incidents: IncidentPoint[]
  /** [[south, west], [north, east]] over everything drawn, or null when nothing is. */
  bounds: [LatLng, LatLng] | null
}

type Ring = [number, number][]

/**
 * A grid unit's GeoJSON (GET /api/v1/grid-units/{id}/map) as what the map draws: each
 * feature by its `kind`, positions moved onto the tiles' datum by `project` and turned
 * round to Leaflet's [lat, lng]. Features of a kind it does not know are left out.
 */
export function toLayers(collection: MapCollection, project: Project): MapLayers {
  const layers: MapLayers = { units: [], buildings: [], incidents: [], bounds: null }
  const point = (position: readonly [number, number]): LatLng => {
    const [lon, lat] = project(position)
    return [lat, lon]
  }
  const ring = (positions: Ring): LatLng[] => positions.map(point)
  for (const feature of collection.features) {
    const props = feature.properties
    const id = String(props.id ?? feature.id ?? '')
    const { type, coordinates } = feature.geometry as { type?: unknown, coordinates?: unknown }
    if (props.kind === 'grid_unit' && (type === 'Polygon' || type === 'MultiPolygon')) {
      const polygons = type === 'Polygon' ? [coordinates as Ring[]] : (coordinates as Ring[][])
      layers.units.push({ id, name: String(props.name ?? ''), polygons: polygons.map(rings => rings.map(ring)) })
    }
    else if (type === 'Point' && props.kind === 'building') {
      layers.buildings.push({ id, address: String(props.address ?? ''), at: point(coordinates as [number, number]) })
    }
    else if (type === 'Point' && props.kind === 'incident') {
      layers.incidents.push({
        id,
        title: String(props.title ?? ''),
        state: String(props.state ?? ''),
        dueAt: String(props.due_at ?? ''),
        overdue: props.overdue === true,
        at: point(coordinates as [number, number]),
      })
    }
  }
  layers.bounds = boundsOf([
    ...layers.units.flatMap(unit => unit.polygons.flat(2)),
    ...layers.buildings.map(b => b.at),
    ...layers.incidents.map(i => i.at),
  ])
  return layers
}

export function boundsOf(points: LatLng[]): [LatLng, LatLng] | null {
  if (points.length === 0)
    return null
  const lats = points.map(p => p[0])
  const lngs = points.map(p => p[1])
  return [[Math.min(...lats), Math.min(...lngs)], [Math.max(...lats), Math.max(...lngs)]]
}
