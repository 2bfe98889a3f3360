import type { TimelineEntry } from './types'

/** The lines a reporter writes themselves (an anonymous reporter's carry no name). */
const REPORTER_ACTIONS = new Set(['report', 'satisfaction'])

/**
 * Who acted on a timeline line, as a message key (and the name it shows): "me", the staff
 * member by name, anonymous, or, where no name is kept (a resident's lines, lines written
 * before names were kept), the part they played. Never an account id.
 */
export function actorOf(
  step: Pick<TimelineEntry, 'actor' | 'actor_name' | 'action'>,
  me: string | undefined,
): { key: string, name?: string } {
  if (step.actor === 'anonymous')
    return { key: 'incidents.detail.actorAnonymous' }
  if (me !== undefined && step.actor === me)
    return { key: 'incidents.detail.actorMe' }
  if (step.actor_name)
    return { key: 'incidents.detail.actorNamed', name: step.actor_name }
  return { key: REPORTER_ACTIONS.has(step.action) ? 'incidents.detail.actorReporter' : 'incidents.detail.actorStaff' }
}
