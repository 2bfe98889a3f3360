import type { Activity, HoursSummary, NearbyActivity, ServiceItem, ServiceRequest, Signup, Skill, Station, Task, TaskDetail, Team, Volunteer, WeeklyWindow } from './types'
import type { ApiClient } from '@/api/client'
import { unwrap } from '@/api/client'

/** How far "near me" reaches. */
export const NEARBY_KM = 10

/** The volunteers service's calls these screens make; each throws the call's ApiError. */
export function volunteerApi(api: ApiClient) {
  return {
    async me(): Promise<Volunteer> {
      return unwrap(await api.GET('/api/v1/volunteers/me'))
    },
    async activities(communityId: string): Promise<Activity[]> {
      const page = unwrap(await api.GET('/api/v1/activities', { params: { query: { community_id: communityId, limit: 50 } } }))
      return page.items
    },
    /** Activities within `withinKm` of a point whose shifts are not all over, nearest first. */
    async nearbyActivities(lon: number, lat: number, withinKm = NEARBY_KM): Promise<NearbyActivity[]> {
      const answer = unwrap(await api.GET('/api/v1/activities/nearby', { params: { query: { lon, lat, within_km: withinKm, limit: 50 } } }))
      return answer.items
    },
    async activity(activityId: string): Promise<Activity> {
      return unwrap(await api.GET('/api/v1/activities/{activity_id}', { params: { path: { activity_id: activityId } } }))
    },
    async mySignups(): Promise<Signup[]> {
      const page = unwrap(await api.GET('/api/v1/volunteers/me/signups', { params: { query: { limit: 100 } } }))
      return page.items
    },
    async signUp(shiftId: string): Promise<Signup> {
      return unwrap(await api.POST('/api/v1/shifts/{shift_id}/signups', { params: { path: { shift_id: shiftId } } }))
    },
    async cancel(signupId: string): Promise<Signup> {
      return unwrap(await api.POST('/api/v1/signups/{signup_id}/cancellation', { params: { path: { signup_id: signupId } } }))
    },
    async checkInByCode(shiftId: string, code: string): Promise<Signup> {
      return unwrap(await api.POST('/api/v1/shifts/{shift_id}/check-in', {
        params: { path: { shift_id: shiftId } },
        body: { method: 'qr', code },
      }))
    },
    async checkInByLocation(shiftId: string, lon: number, lat: number): Promise<Signup> {
      return unwrap(await api.POST('/api/v1/shifts/{shift_id}/check-in', {
        params: { path: { shift_id: shiftId } },
        body: { method: 'gps', lon, lat },
      }))
    },
    async checkOut(shiftId: string): Promise<Signup> {
      return unwrap(await api.POST('/api/v1/shifts/{shift_id}/check-out', { params: { path: { shift_id: shiftId } } }))
    },
    async hours(volunteerId: string): Promise<HoursSummary> {
      return unwrap(await api.GET('/api/v1/volunteers/{volunteer_id}/hours', {
        params: { path: { volunteer_id: volunteerId }, query: { limit: 50 } },
      }))
    },
    /** The PDF as a blob (the call carries the bearer token, so a bare link would not do). */
    async certificate(volunteerId: string): Promise<Blob> {
      const result = await api.GET('/api/v1/volunteers/{volunteer_id}/service-certificate', {
        params: { path: { volunteer_id: volunteerId } },
        parseAs: 'blob',
      })
      return unwrap(result) as unknown as Blob
    },
    async myTasks(): Promise<Task[]> {
      const page = unwrap(await api.GET('/api/v1/volunteers/me/tasks', { params: { query: { limit: 50 } } }))
      return page.items
    },
    async task(taskId: string): Promise<TaskDetail> {
      return unwrap(await api.GET('/api/v1/tasks/{task_id}', { params: { path: { task_id: taskId } } }))
    },
    async accept(taskId: string): Promise<TaskDetail> {
      return unwrap(await api.POST('/api/v1/tasks/{task_id}/acceptance', { params: { path: { task_id: taskId } } }))
    },
    async decline(taskId: string): Promise<TaskDetail> {
      return unwrap(await api.POST('/api/v1/tasks/{task_id}/decline', { params: { path: { task_id: taskId } } }))
    },
    async stationOf(communityId: string): Promise<Station | null> {
      const page = unwrap(await api.GET('/api/v1/stations', { params: { query: { community_id: communityId } } }))
      return page.items[0] ?? null
    },
    async serviceItems(): Promise<ServiceItem[]> {
      return unwrap(await api.GET('/api/v1/service-items'))
    },
    async myRequests(): Promise<ServiceRequest[]> {
      const page = unwrap(await api.GET('/api/v1/service-requests', { params: { query: { limit: 50 } } }))
      return page.items
    },
    async requestService(stationId: string, body: { service_code: string, requester_name: string, description: string, attributes: Record<string, unknown> }): Promise<ServiceRequest> {
      return unwrap(await api.POST('/api/v1/stations/{station_id}/requests', {
        params: { path: { station_id: stationId } },
        body: { ...body, channel: 'self_service' },
      }))
    },
    async rate(requestId: string, rating: number, comment: string, code?: string): Promise<ServiceRequest> {
      return unwrap(await api.POST('/api/v1/service-requests/{request_id}/appraisal', {
        params: { path: { request_id: requestId } },
        body: code ? { rating, comment, code } : { rating, comment },
      }))
    },
    async skills(): Promise<Skill[]> {
      return unwrap(await api.GET('/api/v1/skills'))
    },
    async setSkills(volunteerId: string, skillCodes: string[]): Promise<Volunteer> {
      return unwrap(await api.PUT('/api/v1/volunteers/{volunteer_id}/skills', {
        params: { path: { volunteer_id: volunteerId } },
        body: { skill_codes: skillCodes },
      }))
    },
    /** The weekly windows replace the old ones; the exceptions are kept as they are. */
    async setWeekly(volunteer: Volunteer, weekly: WeeklyWindow[]): Promise<Volunteer> {
      return unwrap(await api.PUT('/api/v1/volunteers/{volunteer_id}/availability', {
        params: { path: { volunteer_id: volunteer.id } },
        body: { weekly, exceptions: volunteer.availability.exceptions },
      }))
    },
    async teams(communityId: string): Promise<Team[]> {
      const page = unwrap(await api.GET('/api/v1/teams', { params: { query: { community_id: communityId, limit: 50 } } }))
      return page.items
    },
    async join(teamId: string) {
      return unwrap(await api.POST('/api/v1/teams/{team_id}/join', { params: { path: { team_id: teamId } } }))
    },
  }
}

export type VolunteerApi = ReturnType<typeof volunteerApi>
