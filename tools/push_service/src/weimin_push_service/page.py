"""`GET /`: what the push service holds, readable in a browser (labels in zh-CN)."""

import json
from html import escape
from typing import Any

_STATUS = {201: "已接收", 401: "VAPID 无效", 403: "密钥不符", 410: "订阅已失效", 413: "内容过大"}


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, indent=1)
        return f"<pre>{escape(value)}</pre>"
    return escape(str(value))


def render(origin: str, subscriptions: list[dict[str, Any]], arrivals: list[dict[str, Any]]) -> str:
    subs = "".join(
        f"<tr><td><code>{escape(s['id'])}</code></td><td><code>{escape(s['endpoint'])}</code></td>"
        f"<td>{'已失效' if s['gone'] else '有效'}</td></tr>"
        for s in subscriptions
    )
    rows = "".join(
        f"<tr><td>{_cell(a['received_at'])}</td><td><code>{_cell(a['subscription'])}</code></td>"
        f"<td>{a['status']} {escape(_STATUS.get(a['status'], ''))}</td>"
        f"<td>{'是' if a['verified'] else '否'}</td><td>{_cell(a['vapid_subject'])}</td>"
        f"<td>{_cell(a['urgency'])}</td><td>{_cell(a['ttl'])}</td>"
        f"<td>{_cell(a['payload'] if a['payload'] is not None else a['refusal'])}</td></tr>"
        for a in reversed(arrivals)
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>本地推送服务</title>
<style>body{{font-family:sans-serif;margin:1rem}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}}
pre{{margin:0;white-space:pre-wrap}}</style></head>
<body><h1>本地推送服务（Web Push）</h1>
<p>地址：<code>{escape(origin)}</code>。刷新页面查看最新消息。</p>
<h2>订阅（{len(subscriptions)}）</h2>
<table><tr><th>编号</th><th>推送地址</th><th>状态</th></tr>{subs}</table>
<h2>收到的推送（{len(arrivals)}，最新在前）</h2>
<table><tr><th>时间</th><th>订阅</th><th>应答</th><th>VAPID 已验证</th><th>发送方联系人</th>
<th>紧急程度</th><th>TTL（秒）</th><th>解密内容 / 拒绝原因</th></tr>{rows}</table>
</body></html>
"""
