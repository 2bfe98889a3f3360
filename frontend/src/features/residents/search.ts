/** What a typed search asks of the API: a full identity number or mobile is an exact
 * lookup (the server's blind index); anything else is a name and an address fragment. */
export interface SearchQuery {
  active: boolean
  residents: { name?: string, id_card_number?: string, phone?: string }
  /** Part of an address, for the household search; absent for an ID number or phone. */
  address?: string
}

const ID_CARD = /^\d{17}[\dX]$/i
const MOBILE = /^1\d{10}$/

export function searchQuery(text: string): SearchQuery {
  const value = text.trim().replace(/\s+/g, ' ')
  if (!value)
    return { active: false, residents: {} }
  const compact = value.replace(/\s/g, '')
  if (ID_CARD.test(compact))
    return { active: true, residents: { id_card_number: compact.toUpperCase() } }
  if (MOBILE.test(compact))
    return { active: true, residents: { phone: compact } }
  return { active: true, residents: { name: value.slice(0, 50) }, address: value.slice(0, 100) }
}
