"""A local stand-in for the Chinese office and resident messaging providers (WeCom,
DingTalk, WeChat Official Account): their endpoints at their real paths, answering as they
do, recording every message that arrives. An outside system: it imports none of Weimin's
packages."""
