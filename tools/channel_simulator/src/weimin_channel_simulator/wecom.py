"""WeCom (企业微信): the application's token, its message to members, and group robots.

Codes as WeCom documents them: 40013 invalid corpid, 40001 invalid secret, 40014/42001 bad
or expired token, 40056 invalid agentid, 40008 invalid message type, 44004 empty content,
81013 no valid recipient (with `invaliduser`), 93000 invalid webhook url, 45009 too fast.
"""

import secrets

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from weimin_channel_simulator.answers import answer, injected, json_body, section
from weimin_channel_simulator.state import State


def routes(state: State) -> list[Route]:
    corp = state.config.wecom

    async def gettoken(request: Request) -> Response:
        if failed := injected(state, request):
            return failed
        if request.query_params.get("corpid") != corp.corp_id:
            return answer(40013, "invalid corpid")
        if request.query_params.get("corpsecret") != corp.corp_secret:
            return answer(40001, "invalid credential")
        token = state.issue_token("wecom")
        return answer(access_token=token, expires_in=state.config.token_seconds)

    async def message_send(request: Request) -> Response:
        if failed := injected(state, request):
            return failed
        if problem := state.token_problem("wecom", request.query_params.get("access_token")):
            return answer(*problem)
        body = await json_body(request)
        if body is None:
            return answer(47001, "data format error")
        touser = str(body.get("touser", ""))
        msgtype = str(body.get("msgtype", ""))
        content = section(body, msgtype)
        if msgtype == "text":
            title, text, url = "", str(content.get("content", "")), None
        elif msgtype == "textcard":
            title = str(content.get("title", ""))
            text = str(content.get("description", ""))
            url = content.get("url")
            if not title or not url:
                text = ""
        else:
            return answer(40008, "invalid message type")

        def arrive(errcode: int, errmsg: str, message_id: str | None = None) -> None:
            state.record(
                channel="wecom", recipient=touser, msgtype=msgtype, title=title, text=text,
                url=url, mentions_all=False, signature_verified=None, errcode=errcode,
                errmsg=errmsg, message_id=message_id, body=body,
            )  # fmt: skip

        if body.get("agentid") != corp.agent_id:
            arrive(40056, "invalid agentid")
            return answer(40056, "invalid agentid")
        if not text:
            arrive(44004, "empty content")
            return answer(44004, "empty content")
        if corp.users is not None and touser not in corp.users:
            # One recipient and it is not a member: WeCom refuses the whole message.
            arrive(81013, "user & party & tag all invalid")
            return answer(81013, "user & party & tag all invalid", invaliduser=touser)
        message_id = secrets.token_urlsafe(16)
        arrive(0, "ok", message_id)
        return answer(invaliduser="", invalidparty="", invalidtag="", msgid=message_id)

    async def webhook_send(request: Request) -> Response:
        if failed := injected(state, request):
            return failed
        key = request.query_params.get("key", "")
        if key not in corp.robot_keys:
            return answer(93000, "invalid webhook url")
        body = await json_body(request)
        if body is None:
            return answer(40008, "invalid message type")
        msgtype = str(body.get("msgtype", ""))
        content = section(body, msgtype)
        if msgtype not in ("text", "markdown"):
            return answer(40008, "invalid message type")
        text = str(content.get("content", ""))
        mentions = content.get("mentioned_list") or []
        errcode, errmsg = 0, "ok"
        if not text:
            errcode, errmsg = 44004, "empty content"
        elif not state.robot_allows(f"wecom:{key}"):
            errcode, errmsg = 45009, "api freq out of limit"
        state.record(
            channel="wecom_robot", recipient=_robot_label(key), msgtype=msgtype,
            title=text.splitlines()[0].strip("*# ") if text else "", text=text, url=None,
            mentions_all="@all" in mentions, signature_verified=None, errcode=errcode,
            errmsg=errmsg, message_id=None, body=body,
        )  # fmt: skip
        return answer(errcode, errmsg)

    return [
        Route("/cgi-bin/gettoken", gettoken, methods=["GET"]),
        Route("/cgi-bin/message/send", message_send, methods=["POST"]),
        Route("/cgi-bin/webhook/send", webhook_send, methods=["POST"]),
    ]


def _robot_label(key: str) -> str:
    # The key is the robot's only credential: the page shows its start, enough to tell
    # robots apart.
    return f"robot {key[:6]}…"
