import type { paths } from '@/api/generated/schema'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type Alarm = JsonOf<paths['/api/v1/joint-defence/alarms/{alarm_id}']['get']['responses'][200]>
export type JointDefenceGroup = JsonOf<paths['/api/v1/joint-defence/groups/{group_id}']['get']['responses'][200]>
export type AlarmResponse = Alarm['responses'][number]
export type AlarmAnswer = AlarmResponse['answer']
export type AlarmKind = Alarm['kind']
