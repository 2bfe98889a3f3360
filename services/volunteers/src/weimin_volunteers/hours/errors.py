from weimin_kit.errors import Conflict, InvalidInput


class EntryAlreadyReversed(Conflict):
    code = "entry-already-reversed"
    title = "This ledger entry has already been reversed"
    title_zh = "该记录已被冲正"


class ReversalNotReversible(InvalidInput):
    code = "reversal-not-reversible"
    title = "A reversing entry cannot itself be reversed; credit again instead"
    title_zh = "冲正记录本身不能再冲正；请重新记入"
