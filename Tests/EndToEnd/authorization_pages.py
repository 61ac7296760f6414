"""The stand-in authorization server's pages: sign-in and consent, with the
element ids the browser tests click (#email, #password, #sign-in, #approve,
#deny). `name` says which server it plays."""
import html
from urllib.parse import urlsplit

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; background: #f4f4f8; margin: 0; }
main { max-width: 26rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 10px;
       box-shadow: 0 2px 12px rgba(0,0,0,.08); }
header { color: #5b53ff; font-weight: 700; margin-bottom: 1rem; }
label { display: block; margin: .75rem 0 .25rem; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; }
button { margin-top: 1rem; padding: .5rem 1.25rem; font: inherit; border: 0; border-radius: 6px;
         background: #5b53ff; color: #fff; }
button.secondary { background: #e4e4ee; color: #222; }
.error { color: #b00020; }
.muted { color: #666; font-size: .9rem; }
"""


def page(name, title, body):
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><main><header>{html.escape(name)} (test server)</header>"
        f"<h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )


def login_page(name, next_path, problem):
    return page(name, "Sign in to Frame.io", f"""{problem}
<form method="post" action="/login">
<input type="hidden" name="next" value="{html.escape(next_path)}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password">
<button id="sign-in" type="submit">Sign in</button>
</form>""")


def consent_page(name, user, client, scope, action):
    host = urlsplit(client.redirect_uri).netloc
    scopes = "".join(f"<li><code>{html.escape(s)}</code></li>" for s in scope.split())
    return page(name, "Allow access?", f"""
<p><strong>{html.escape(host)}</strong> asks to act as <strong>{html.escape(user.name)}</strong>
<span class="muted">({html.escape(user.email)})</span> with:</p>
<ul>{scopes}</ul>
<form method="post" action="{html.escape(action)}">
<button id="approve" type="submit" name="decision" value="approve">Allow</button>
<button id="deny" class="secondary" type="submit" name="decision" value="deny">Deny</button>
</form>""")
