"""`GET /`: what arrived, newest first, for a person watching a demo (zh-CN labels)."""

import time
from html import escape

from weimin_channel_simulator.state import Arrival

CHANNEL_NAMES = {
    "wecom": "企业微信应用消息",
    "wecom_robot": "企业微信群机器人",
    "dingtalk": "钉钉工作通知",
    "dingtalk_robot": "钉钉群机器人",
    "wechat_oa": "微信公众号模板消息",
}


def _signature(arrival: Arrival) -> str:
    if arrival.signature_verified is None:
        return "—"
    if arrival.signature_verified:
        return '<span class="ok">签名已验证 / signature verified</span>'
    return '<span class="bad">签名不符 / signature refused</span>'


def _result(arrival: Arrival) -> str:
    if arrival.errcode == 0:
        return '<span class="ok">已接收 / accepted</span>'
    return f'<span class="bad">拒收 / refused: {arrival.errcode} {escape(arrival.errmsg)}</span>'


def _row(arrival: Arrival) -> str:
    at = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(arrival.at))
    mention = " <b>@所有人</b>" if arrival.mentions_all else ""
    link = f'<br><a href="{escape(arrival.url)}">{escape(arrival.url)}</a>' if arrival.url else ""
    cells = (
        escape(at),
        escape(CHANNEL_NAMES.get(arrival.channel, arrival.channel)),
        escape(arrival.recipient),
        escape(arrival.title) + mention,
        f"<pre>{escape(arrival.text)}</pre>{link}",
        _signature(arrival),
        _result(arrival),
    )
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def render(arrivals: list[Arrival]) -> str:
    rows = "".join(_row(arrival) for arrival in arrivals) or (
        '<tr><td colspan="7">还没有消息 / nothing has arrived yet</td></tr>'
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>消息渠道模拟器 / channel simulator</title>
<style>
body {{ font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
pre {{ white-space: pre-wrap; margin: 0; font-family: inherit; }}
.ok {{ color: #17703a; }} .bad {{ color: #b3261e; }}
</style></head><body>
<h1>消息渠道模拟器 <small>channel simulator</small></h1>
<p>企业微信、钉钉、微信公众号收到的消息，最新的在前（每 5 秒刷新）。</p>
<table><thead><tr><th>时间</th><th>渠道</th><th>接收者</th><th>标题</th><th>内容</th>
<th>签名</th><th>结果</th></tr></thead>
<tbody>{rows}</tbody></table>
</body></html>"""
