import type { components } from '@/api/generated/schema'

type Schemas = components['schemas']

export type Volunteer = Schemas['VolunteerRead']
export type Activity = Schemas['ActivityRead']
export type Shift = Schemas['ShiftRead']
export type Signup = Schemas['SignupRead']
export type Task = Schemas['Volunteers_TaskRead']
export type TaskDetail = Schemas['TaskDetail']
export type Offer = Schemas['OfferRead']
export type HoursSummary = Schemas['HoursSummary']
export type HoursEntry = Schemas['HoursEntryRead']
export type Station = Schemas['StationRead']
export type ServiceItem = Schemas['ServiceItemRead']
export type ServiceRequest = Schemas['RequestRead']
export type Skill = Schemas['SkillRead']
export type Team = Schemas['TeamRead']
export type WeeklyWindow = Schemas['WeeklyWindow']
