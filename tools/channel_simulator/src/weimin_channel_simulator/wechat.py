"""WeChat Official Account (公众号): the access token and template messages to followers.

Codes as WeChat documents them: 40002 bad grant_type, 40013 invalid appid, 40001 invalid
secret, 40014/42001 bad or expired token, 40037 invalid template_id, 40003 invalid openid,
43004 the user does not follow the account (any more), 47001 malformed data. The token
answer has no errcode when it succeeds, as WeChat's has not.
"""

import secrets

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from weimin_channel_simulator.answers import answer, injected, json_body
from weimin_channel_simulator.state import State


def routes(state: State) -> list[Route]:
    account = state.config.wechat_oa

    async def token(request: Request) -> Response:
        if failed := injected(state, request):
            return failed
        query = request.query_params
        if query.get("grant_type") != "client_credential":
            return answer(40002, "invalid grant_type")
        if query.get("appid") != account.app_id:
            return answer(40013, "invalid appid")
        if query.get("secret") != account.app_secret:
            return answer(40001, "invalid credential, access_token is invalid or not latest")
        issued = state.issue_token("wechat_oa")
        return JSONResponse({"access_token": issued, "expires_in": state.config.token_seconds})

    async def template_send(request: Request) -> Response:
        if failed := injected(state, request):
            return failed
        if problem := state.token_problem("wechat_oa", request.query_params.get("access_token")):
            return answer(*problem)
        body = await json_body(request)
        if body is None:
            return answer(47001, "data format error")
        openid = str(body.get("touser", ""))
        template_id = str(body.get("template_id", ""))
        data = body.get("data")
        errcode, errmsg = 0, "ok"
        if not isinstance(data, dict) or not all(
            isinstance(item, dict) and isinstance(item.get("value"), str) for item in data.values()
        ):
            errcode, errmsg, data = 47001, "data format error", {}
        elif not template_id or (
            account.templates is not None and template_id not in account.templates
        ):
            errcode, errmsg = 40037, "invalid template_id"
        elif not openid or openid in account.unknown:
            errcode, errmsg = 40003, "invalid openid"
        elif openid in account.unsubscribed:
            errcode, errmsg = 43004, "require subscribe"
        message_id = secrets.randbelow(10**12) if errcode == 0 else None
        state.record(
            channel="wechat_oa", recipient=openid, msgtype="template", title=template_id,
            text="\n".join(f"{key}: {item['value']}" for key, item in data.items()),
            url=body.get("url"), mentions_all=False, signature_verified=None,
            errcode=errcode, errmsg=errmsg,
            message_id=None if message_id is None else str(message_id), body=body,
        )  # fmt: skip
        if errcode:
            return answer(errcode, errmsg)
        return answer(msgid=message_id)

    return [
        Route("/cgi-bin/token", token, methods=["GET"]),
        Route("/cgi-bin/message/template/send", template_send, methods=["POST"]),
    ]
