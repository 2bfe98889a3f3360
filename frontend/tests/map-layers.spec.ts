import type { MapCollection } from '@/features/map/layers'
import { describe, expect, it } from 'vitest'
import { boundsOf, toLayers } from '@/features/map/layers'

const square = [[100.2, 25.6], [100.21, 25.6], [100.21, 25.61], [100.2, 25.61], [100.2, 25.6]]
const hole = [[100.204, 25.604], [100.204, 25.606], [100.206, 25.606], [100.206, 25.604], [100.204, 25.604]]

const COLLECTION: MapCollection = {
  bbox: [100.2, 25.6, 100.21, 25.61],
  features: [
    { id: 'grid_unit:u1', geometry: { type: 'Polygon', coordinates: [square, hole] }, properties: { kind: 'grid_unit', id: 'u1', name: '一网格' } },
    { id: 'building:b1', geometry: { type: 'Point', coordinates: [100.205, 25.605] }, properties: { kind: 'building', id: 'b1', address: '测试路1号' } },
    { id: 'incident:i1', geometry: { type: 'Point', coordinates: [100.2052, 25.6051] }, properties: { kind: 'incident', id: 'i1', title: '井盖缺失', state: 'reported', due_at: '2026-03-02T09:00:00Z', overdue: true } },
    { id: 'x:1', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { kind: 'something-else' } },
  ],
}

describe('GeoJSON to map layers', () => {
  it('should sort features by kind and turn [lon, lat] into Leaflet [lat, lng]', () => {
    const layers = toLayers(COLLECTION, position => [position[0], position[1]])
    expect(layers.units).toHaveLength(1)
    expect(layers.units[0]!.name).toBe('一网格')
    // One polygon: its shell and its hole.
    expect(layers.units[0]!.polygons).toHaveLength(1)
    expect(layers.units[0]!.polygons[0]).toHaveLength(2)
    expect(layers.units[0]!.polygons[0]![0]![1]).toEqual([25.6, 100.21])
    expect(layers.buildings).toEqual([{ id: 'b1', address: '测试路1号', at: [25.605, 100.205] }])
    expect(layers.incidents).toEqual([{ id: 'i1', title: '井盖缺失', state: 'reported', dueAt: '2026-03-02T09:00:00Z', overdue: true, at: [25.6051, 100.2052] }])
    expect(layers.bounds).toEqual([[25.6, 100.2], [25.61, 100.21]])
  })

  it('should move every position through the projection', () => {
    const layers = toLayers(COLLECTION, ([lon, lat]) => [lon + 1, lat + 2])
    expect(layers.buildings[0]!.at).toEqual([27.605, 101.205])
    expect(layers.units[0]!.polygons[0]![0]![0]).toEqual([27.6, 101.2])
  })

  it('should draw each part of a MultiPolygon', () => {
    const east = square.map(([lon, lat]) => [lon! + 0.01, lat!])
    const layers = toLayers({
      features: [{ geometry: { type: 'MultiPolygon', coordinates: [[square], [east]] }, properties: { kind: 'grid_unit', id: 'u2', name: '二网格' } }],
    }, p => [p[0], p[1]])
    expect(layers.units[0]!.polygons).toHaveLength(2)
    expect(layers.bounds).toEqual([[25.6, 100.2], [25.61, 100.22]])
  })

  it('should have no bounds when nothing is drawn', () => {
    expect(toLayers({ features: [] }, p => [p[0], p[1]]).bounds).toBeNull()
    expect(boundsOf([])).toBeNull()
  })
})
