"""DingTalk (钉钉): the application's token, its work notice, and signed custom robots.

A robot with a signing secret takes a message only with `timestamp` (ms, within an hour of
the simulator's clock) and `sign` = base64(HMAC-SHA256(secret, "<timestamp>\\n<secret>")),
as DingTalk does; anything else is 310000. Codes: 40089 bad app key or secret, 40014/42001
bad or expired token, 40056 bad agent id, 300001 unknown robot, 130101 too fast.
"""

import base64
import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from weimin_channel_simulator.answers import answer, injected, json_body, section
from weimin_channel_simulator.state import State

SIGNATURE_WINDOW_SECONDS = 3600


def signature(secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def routes(state: State) -> list[Route]:
    app = state.config.dingtalk

    async def gettoken(request: Request) -> Response:
        if failed := injected(state, request):
            return failed
        query = request.query_params
        if query.get("appkey") != app.app_key or query.get("appsecret") != app.app_secret:
            return answer(40089, "不合法的appkey或appsecret")
        token = state.issue_token("dingtalk")
        return answer(access_token=token, expires_in=state.config.token_seconds)

    async def asyncsend(request: Request) -> Response:
        if failed := injected(state, request):
            return failed
        if problem := state.token_problem("dingtalk", request.query_params.get("access_token")):
            return answer(*problem)
        body = await json_body(request)
        if body is None:
            return answer(47001, "data format error")
        msg = section(body, "msg")
        msgtype = str(msg.get("msgtype", ""))
        content = section(msg, msgtype)
        if msgtype == "action_card":
            title, text = str(content.get("title", "")), str(content.get("markdown", ""))
            url = content.get("single_url")
        elif msgtype == "text":
            title, text, url = "", str(content.get("content", "")), None
        else:
            return answer(40035, "不合法的参数: msgtype")
        errcode, errmsg = 0, "ok"
        if body.get("agent_id") != app.agent_id:
            errcode, errmsg = 40056, "不合法的agentId"
        elif not body.get("userid_list") or not text:
            errcode, errmsg = 40035, "不合法的参数"
        # Unknown user ids are not refused here: DingTalk sends asynchronously and reports
        # them only in the task's result.
        task_id = secrets.randbelow(10**12) if errcode == 0 else None
        state.record(
            channel="dingtalk", recipient=str(body.get("userid_list", "")), msgtype=msgtype,
            title=title, text=text, url=url, mentions_all=False, signature_verified=None,
            errcode=errcode, errmsg=errmsg, message_id=None if task_id is None else str(task_id),
            body=body,
        )  # fmt: skip
        if errcode:
            return answer(errcode, errmsg)
        return answer(task_id=task_id, request_id=secrets.token_hex(6))

    async def robot_send(request: Request) -> Response:
        if failed := injected(state, request):
            return failed
        query = request.query_params
        token = query.get("access_token", "")
        if token not in app.robots:
            return answer(300001, "token is not exist")
        body = await json_body(request)
        if body is None:
            return answer(40035, "缺少参数 json")
        secret = app.robots[token]
        verified: bool | None = None
        errcode, errmsg = 0, "ok"
        if secret is not None:
            timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
            verified = False
            if (
                not timestamp.isdigit()
                or abs(int(timestamp) / 1000 - state.clock()) > SIGNATURE_WINDOW_SECONDS
            ):
                errcode, errmsg = 310000, "invalid timestamp"
            elif not hmac.compare_digest(sign, signature(secret, timestamp)):
                errcode, errmsg = 310000, "sign not match"
            else:
                verified = True
        msgtype = str(body.get("msgtype", ""))
        content = section(body, msgtype)
        title = str(content.get("title", ""))
        text = str(content.get("text", content.get("content", "")))
        if errcode == 0 and msgtype not in ("text", "markdown", "actionCard", "link"):
            errcode, errmsg = 40035, "不合法的参数: msgtype"
        elif errcode == 0 and not state.robot_allows(f"dingtalk:{token}"):
            errcode, errmsg = 130101, "send too fast, exceed 20 times per minute"
        state.record(
            channel="dingtalk_robot", recipient=f"robot {token[:6]}…", msgtype=msgtype,
            title=title, text=text, url=content.get("singleURL"),
            mentions_all=bool(section(body, "at").get("isAtAll")), signature_verified=verified,
            errcode=errcode, errmsg=errmsg, message_id=None, body=body,
        )  # fmt: skip
        return answer(errcode, errmsg)

    return [
        Route("/gettoken", gettoken, methods=["GET"]),
        Route("/topapi/message/corpconversation/asyncsend_v2", asyncsend, methods=["POST"]),
        Route("/robot/send", robot_send, methods=["POST"]),
    ]
