// Everything that touches Leaflet lives here, and this module is only ever imported
// dynamically (MapPage), so Leaflet's script and stylesheet load with the map and never
// with the app's first screen.
import type { LatLng, MapLayers } from './layers'
import type { MapTiles } from './tiles'
import L from 'leaflet'
import 'leaflet/dist/leaflet.css'
import './map.css'

export interface Picked {
  kind: 'incident' | 'building'
  id: string
}

export interface GridMap {
  show: (layers: MapLayers) => void
  showMe: (at: LatLng, accuracyMetres: number) => void
  centreOnMe: () => boolean
  destroy: () => void
}

const CITY_CENTRE: LatLng = [25.6, 100.2]

export function createGridMap(element: HTMLElement, tiles: MapTiles, onPick: (picked: Picked) => void): GridMap {
  const map = L.map(element, {
    center: CITY_CENTRE,
    zoom: 15,
    maxZoom: tiles.max_zoom,
    zoomControl: true,
    attributionControl: tiles.attribution !== '',
  })
  if (tiles.attribution)
    map.attributionControl.setPrefix(false)
  if (tiles.url) {
    const options = { subdomains: tiles.subdomains, maxZoom: tiles.max_zoom, attribution: tiles.attribution }
    L.tileLayer(tiles.url, options).addTo(map)
    if (tiles.label_url)
      L.tileLayer(tiles.label_url, { ...options, attribution: '' }).addTo(map)
  }
  const data = L.layerGroup().addTo(map)
  let me: L.CircleMarker | null = null
  let accuracy: L.Circle | null = null

  return {
    show(layers) {
      data.clearLayers()
      for (const unit of layers.units) {
        L.polygon(unit.polygons, { className: 'map-boundary', color: '#c8161d', weight: 3, fillColor: '#c8161d', fillOpacity: 0.06, interactive: false })
          .addTo(data)
      }
      for (const building of layers.buildings) {
        L.circleMarker(building.at, { className: 'map-building', radius: 7, color: '#1d4ed8', weight: 2, fillColor: '#dbe7ff', fillOpacity: 1 })
          .on('click', () => onPick({ kind: 'building', id: building.id }))
          .addTo(data)
      }
      for (const incident of layers.incidents) {
        const icon = L.divIcon({
          className: `map-incident${incident.overdue ? ' map-incident--overdue' : ''}`,
          html: '<span class="map-incident__dot"></span>',
          iconSize: [44, 44],
          iconAnchor: [22, 22],
        })
        L.marker(incident.at, { icon, title: incident.title, alt: incident.title, keyboard: true, riseOnHover: true })
          .on('click', () => onPick({ kind: 'incident', id: incident.id }))
          .addTo(data)
      }
      if (layers.bounds)
        map.fitBounds(layers.bounds, { padding: [24, 24] })
    },
    showMe(at, accuracyMetres) {
      if (!me) {
        accuracy = L.circle(at, { radius: accuracyMetres, className: 'map-me-accuracy', interactive: false, weight: 1, color: '#1989fa', fillOpacity: 0.1 }).addTo(map)
        me = L.circleMarker(at, { className: 'map-me', radius: 8, color: '#fff', weight: 3, fillColor: '#1989fa', fillOpacity: 1, interactive: false }).addTo(map)
        return
      }
      me.setLatLng(at)
      accuracy?.setLatLng(at).setRadius(accuracyMetres)
    },
    centreOnMe() {
      if (!me)
        return false
      map.setView(me.getLatLng(), Math.max(map.getZoom(), 17))
      return true
    },
    destroy() {
      map.remove()
    },
  }
}
