from weimin_kit.errors import Conflict, InvalidInput


class EntryAlreadyReversed(Conflict):
    code = "entry-already-reversed"
    title = "This ledger entry has already been reversed"


class ReversalNotReversible(InvalidInput):
    code = "reversal-not-reversible"
    title = "A reversing entry cannot itself be reversed; credit again instead"
