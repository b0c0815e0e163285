// Revista's article body editor: Tiptap with a schema that holds exactly what the article
// document model (crates/domain/src/document.rs) can hold. Mounting contract: docs/editor.md.
//
// The server renders
//   <div data-editor data-input="ID" data-i18n="STRINGS-ID"></div>
//   <input type="hidden" id="ID" name="body" value="TIPTAP JSON">
//   <script type="application/json" id="STRINGS-ID">{"bold": "…", …}</script>
// and this script turns the div into an editor that reads the input's Tiptap JSON and writes
// it back (with an `input` event) on every change. No eval, no inline script or style: it
// runs under the site's CSP (script-src 'self'; style-src 'self').

import { Editor, Node, mergeAttributes } from "@tiptap/core";
import Blockquote from "@tiptap/extension-blockquote";
import Bold from "@tiptap/extension-bold";
import Document from "@tiptap/extension-document";
import HardBreak from "@tiptap/extension-hard-break";
import Heading from "@tiptap/extension-heading";
import HorizontalRule from "@tiptap/extension-horizontal-rule";
import Italic from "@tiptap/extension-italic";
import Link from "@tiptap/extension-link";
import { BulletList, ListItem, OrderedList } from "@tiptap/extension-list";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import { Dropcursor, Gapcursor, Placeholder, TrailingNode, UndoRedo } from "@tiptap/extensions";
import { Plugin, PluginKey, TextSelection } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

// ------------------------------------------------------------------ rules shared with the server
// The server (domain::tiptap::from_tiptap) is the authority; these only give early feedback.

/** Embeds allowed by domain::document::EMBED_HOSTS: host → provider name. */
const EMBED_HOSTS = {
  "www.youtube.com": "YouTube",
  "youtube.com": "YouTube",
  "youtu.be": "YouTube",
  "vimeo.com": "Vimeo",
  "x.com": "X",
  "twitter.com": "X",
  "soundcloud.com": "SoundCloud",
};

/** Links the editor creates: http, https or mailto, no control characters or spaces. */
export function isAllowedHref(href) {
  const h = String(href || "").trim();
  if (!h || h.length > 2048 || /[\u0000-\u0020\u007f]/.test(h)) return false;
  return /^(https?:\/\/[^/?#]+|mailto:.+)/i.test(h);
}

/** The provider of an allow-listed embed URL, or null. */
export function embedProvider(url) {
  const u = String(url || "").trim();
  if (!u.startsWith("https://") || /[\u0000-\u0020\u007f]/.test(u)) return null;
  const host = u.slice(8).split(/[/?#]/)[0];
  return Object.prototype.hasOwnProperty.call(EMBED_HOSTS, host) ? EMBED_HOSTS[host] : null;
}

/** Plain text (newlines for line breaks) → inline Tiptap JSON. */
export function textToInline(text) {
  const out = [];
  String(text || "").replace(/\r\n?/g, "\n").split("\n").forEach((line, i) => {
    if (i) out.push({ type: "hardBreak" });
    if (line) out.push({ type: "text", text: line });
  });
  while (out.length && out[out.length - 1].type === "hardBreak") out.pop();
  return out;
}

/** Inline Tiptap JSON → plain text. */
export function inlineToText(content) {
  if (!Array.isArray(content)) return "";
  return content
    .map((n) => (n && n.type === "text" ? String(n.text || "") : n && n.type === "hardBreak" ? "\n" : ""))
    .join("");
}

function newFootnoteId() {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return "fn-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function jsonAttr(name, fallback) {
  return (el) => {
    try {
      const v = JSON.parse(el.getAttribute(name) || "null");
      return v == null ? fallback : v;
    } catch {
      return fallback;
    }
  };
}

function positiveInt(v) {
  const n = typeof v === "number" ? v : Number(String(v || "").trim());
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c != null) el.append(c);
  return el;
}

// ------------------------------------------------------------------ schema

const attributionAttr = {
  attribution: {
    default: null,
    parseHTML: (el) => el.getAttribute("data-attribution") || null,
    renderHTML: (a) => (a.attribution ? { "data-attribution": a.attribution } : {}),
  },
};

/**
 * Enter in a quote (which holds one paragraph): at the end it leaves the quote for a new
 * paragraph below; elsewhere it is a line break.
 */
function quoteEnter(editor, name) {
  const { $from, empty } = editor.state.selection;
  if (!empty) return false;
  for (let d = $from.depth; d > 0; d--) {
    if ($from.node(d).type.name !== name) continue;
    if ($from.parentOffset < $from.parent.content.size) return editor.commands.setHardBreak();
    const after = $from.after(d);
    return editor.chain().insertContentAt(after, { type: "paragraph" }).setTextSelection(after + 1).run();
  }
  return false;
}

/** A quote holds one paragraph and an optional attribution (Block::Quote). */
const Quote = Blockquote.extend({
  content: "paragraph",
  addAttributes() {
    return attributionAttr;
  },
  addKeyboardShortcuts() {
    return { ...this.parent?.(), Enter: () => quoteEnter(this.editor, this.name) };
  },
});

/** A pull quote (Block::PullQuote): one paragraph and an optional attribution. */
const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "paragraph",
  defining: true,
  addAttributes() {
    return attributionAttr;
  },
  addKeyboardShortcuts() {
    return { Enter: () => quoteEnter(this.editor, this.name) };
  },
  parseHTML() {
    return [{ tag: "aside[data-pull-quote]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["aside", mergeAttributes(HTMLAttributes, { "data-pull-quote": "", class: "rv-pull-quote" }), 0];
  },
});

/** Headings 2–4 (the model's levels); pasted h1 become h2, h5/h6 become h4. */
const Headings = Heading.extend({
  parseHTML() {
    return [
      { tag: "h1", attrs: { level: 2 } },
      { tag: "h2", attrs: { level: 2 } },
      { tag: "h3", attrs: { level: 3 } },
      { tag: "h4", attrs: { level: 4 } },
      { tag: "h5", attrs: { level: 4 } },
      { tag: "h6", attrs: { level: 4 } },
    ];
  },
}).configure({ levels: [2, 3, 4] });

/** A list item is one run of inline content (Block::List items): no nesting. */
const Item = ListItem.extend({ content: "paragraph" });

/** Block::Figure: an image from the media library, shown as a preview box. */
const Figure = Node.create({
  name: "figure",
  addOptions() {
    return { t: (k) => k };
  },
  addNodeView() {
    return ({ node }) => previewView(node, "figure", this.options.t);
  },
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes() {
    return {
      mediaId: {
        default: null,
        parseHTML: (el) => positiveInt(el.getAttribute("data-media-id")),
        renderHTML: (a) => ({ "data-media-id": a.mediaId }),
      },
      caption: {
        default: [],
        parseHTML: jsonAttr("data-caption", []),
        renderHTML: (a) => ({ "data-caption": JSON.stringify(a.caption || []) }),
      },
      credit: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-credit") || null,
        renderHTML: (a) => (a.credit ? { "data-credit": a.credit } : {}),
      },
    };
  },
  parseHTML() {
    return [{ tag: "figure[data-figure]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["figure", mergeAttributes(HTMLAttributes, { "data-figure": "" })];
  },
});

/** Block::Embed: an allow-listed URL, shown as a preview box (no third-party request). */
const Embed = Node.create({
  name: "embed",
  addOptions() {
    return { t: (k) => k };
  },
  addNodeView() {
    return ({ node }) => previewView(node, "embed", this.options.t);
  },
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes() {
    return {
      url: {
        default: null,
        parseHTML: (el) => (embedProvider(el.getAttribute("data-url")) ? el.getAttribute("data-url") : null),
        renderHTML: (a) => ({ "data-url": a.url }),
      },
    };
  },
  parseHTML() {
    return [{ tag: "div[data-embed]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { "data-embed": "" })];
  },
});

/** Inline::FootnoteRef with the footnote's text in its attrs; numbered by a decoration. */
const Footnote = Node.create({
  name: "footnote",
  addOptions() {
    return { t: (k) => k };
  },
  addProseMirrorPlugins() {
    return [footnoteNumbers(this.options.t)];
  },
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-id") || null,
        renderHTML: (a) => (a.id ? { "data-id": a.id } : {}),
      },
      content: {
        default: [],
        parseHTML: jsonAttr("data-content", []),
        renderHTML: (a) => ({ "data-content": JSON.stringify(a.content || []) }),
      },
    };
  },
  parseHTML() {
    return [{ tag: "sup[data-footnote]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["sup", mergeAttributes(HTMLAttributes, { "data-footnote": "", class: "rv-fn" })];
  },
  renderText() {
    return "";
  },
});

function footnoteNumbers(t) {
  const key = new PluginKey("rvFootnoteNumbers");
  const build = (doc) => {
    const numbers = new Map();
    const decos = [];
    doc.descendants((node, pos) => {
      if (node.type.name !== "footnote") return;
      const k = (node.attrs.id || "") + "\u0000" + JSON.stringify(node.attrs.content || []);
      if (!numbers.has(k)) numbers.set(k, numbers.size + 1);
      const n = numbers.get(k);
      const text = inlineToText(node.attrs.content);
      decos.push(
        Decoration.node(pos, pos + node.nodeSize, {
          "data-n": String(n),
          // A title, not aria-label (prohibited on a generic element); the number itself is
          // CSS generated content, which screen readers read.
          title: `${t("footnote")} ${n}: ${text}`,
        }),
      );
    });
    return DecorationSet.create(doc, decos);
  };
  return new Plugin({
    key,
    state: {
      init: (_, state) => build(state.doc),
      apply: (tr, old) => (tr.docChanged ? build(tr.doc) : old),
    },
    props: {
      decorations: (state) => key.getState(state),
    },
  });
}

// ------------------------------------------------------------------ pasted HTML

const DROP_TAGS = "script,style,meta,link,title,template,iframe,object,embed,img,svg,video,audio,form,input,button,select,textarea";
const TAG_RE = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTR_RE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * Rewrites every start tag before the HTML is parsed: only `href` and `data-*` attributes
 * stay. Parsing a `style` or `on…` attribute, even in an inert document, is a CSP violation
 * (and the style is not applied, so it cannot be read back), so bold and italic given as
 * styles (Google Docs, Word) are read here from the attribute text and kept as markers.
 */
function rewriteTags(html) {
  return html.replace(TAG_RE, (_, name, attrs, slash) => {
    const tag = name.toLowerCase();
    const keep = [];
    let style = "";
    let id = "";
    for (const a of attrs.matchAll(ATTR_RE)) {
      const n = a[1].toLowerCase();
      const v = a[2] ?? a[3] ?? a[4] ?? "";
      if (n === "style") style = v.toLowerCase();
      else if (n === "id") id = v;
      else if (n === "href" || (n.startsWith("data-") && !n.startsWith("data-rv-"))) {
        keep.push(`${n}="${v.replace(/"/g, "&quot;")}"`);
      }
    }
    const weight = (style.match(/font-weight\s*:\s*([a-z0-9]+)/) || [])[1];
    const bold = weight === "bold" || weight === "bolder" || Number(weight) >= 600;
    const notBold = weight === "normal" || (Number(weight) > 0 && Number(weight) < 600);
    const italic = /font-style\s*:\s*(italic|oblique)/.test(style);
    if ((tag === "b" && id.startsWith("docs-internal-guid")) || ((tag === "b" || tag === "strong") && notBold)) {
      keep.push("data-rv-unwrap");
    } else {
      if (bold && !/^(b|strong|h[1-6]|th)$/.test(tag)) keep.push("data-rv-bold");
      if (italic && !/^(i|em)$/.test(tag)) keep.push("data-rv-italic");
    }
    return `<${name}${keep.length ? " " + keep.join(" ") : ""}${slash ? " /" : ""}>`;
  });
}

/** Word and Google Docs HTML → plain semantic HTML: bold/italic kept, styles and classes gone. */
export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(rewriteTags(html), "text/html");
  const body = doc.body;
  body.querySelectorAll(DROP_TAGS).forEach((el) => el.remove());
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.remove());
  for (const el of Array.from(body.querySelectorAll("*"))) {
    // Office namespaced tags (<o:p>, <v:shape>) and Google Docs' wrapper go, their content stays.
    if (el.tagName.includes(":") || el.hasAttribute("data-rv-unwrap")) {
      el.replaceWith(...el.childNodes);
      continue;
    }
    for (const [attr, tag] of [["data-rv-bold", "strong"], ["data-rv-italic", "em"]]) {
      if (!el.hasAttribute(attr)) continue;
      el.removeAttribute(attr);
      const wrap = doc.createElement(tag);
      wrap.append(...el.childNodes);
      el.append(wrap);
    }
    if (el.hasAttribute("href") && !isAllowedHref(el.getAttribute("href"))) el.removeAttribute("href");
  }
  return body.innerHTML;
}

// ------------------------------------------------------------------ icons (24×24, stroked)

const ICONS = {
  bold: ["M7 5h6a3.5 3.5 0 0 1 0 7H7z", "M7 12h7a3.5 3.5 0 0 1 0 7H7z"],
  italic: ["M19 4h-9", "M14 20H5", "M15 4 9 20"],
  link: [
    "M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7",
    "M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7",
  ],
  bulletList: ["M9 6h12", "M9 12h12", "M9 18h12", "M4 6h.01", "M4 12h.01", "M4 18h.01"],
  orderedList: ["M10 6h11", "M10 12h11", "M10 18h11", "M4 4v4", "M3 14h3l-3 4h3"],
  quote: [
    "M4 17c0-4 1-8 5-10",
    "M4 17h4v-5H4",
    "M14 17c0-4 1-8 5-10",
    "M14 17h4v-5h-4",
  ],
  pullQuote: ["M3 4h18", "M3 20h18", "M7 9h10", "M7 14h10"],
  attribution: ["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M4 21a8 8 0 0 1 16 0"],
  figure: ["M3 5h18v14H3z", "M8.5 11a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z", "m21 15-5-5L5 19"],
  embed: ["M3 5h18v14H3z", "m10 9 5 3-5 3z"],
  divider: ["M3 12h18", "M8 6h8", "M8 18h8"],
  footnote: ["M4 18 10 6l6 12", "M6 14h8", "M18 3h3v5", "M18 8h4"],
  undo: ["M3 7v6h6", "M21 17a9 9 0 0 0-15-6.7L3 13"],
  redo: ["M21 7v6h-6", "M3 17a9 9 0 0 1 15-6.7l3 2.7"],
};

function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const d of ICONS[name]) {
    const p = document.createElementNS(ns, "path");
    p.setAttribute("d", d);
    svg.append(p);
  }
  return svg;
}

// ------------------------------------------------------------------ mounting

function readStrings(root) {
  const el = document.getElementById(root.dataset.i18n || "editor-strings");
  let s = {};
  try {
    s = el ? JSON.parse(el.textContent || "{}") : {};
  } catch {
    s = {};
  }
  return (key) => {
    if (typeof s[key] === "string") return s[key];
    console.warn(`revista editor: no UI string "${key}"`);
    return key;
  };
}

/** Mounts one editor on a `[data-editor]` element; returns the Tiptap editor or null. */
export function mount(root) {
  if (root.dataset.editorMounted) return root.revistaEditor || null;
  const t = readStrings(root);
  const input = document.getElementById(root.dataset.input || "");
  if (!input) {
    console.error("revista editor: data-input does not name an element");
    return null;
  }
  let content = null;
  const raw = (input.value || "").trim();
  if (raw) {
    try {
      content = JSON.parse(raw);
    } catch {
      content = undefined;
    }
  }
  root.dataset.editorMounted = "1";
  root.classList.add("rv-editor");
  const status = h("p", { class: "rv-ed-status", role: "alert", hidden: true });
  if (content === undefined) {
    // Never overwrite a body the editor cannot read: show why and leave the input alone.
    status.textContent = t("load-error");
    status.hidden = false;
    root.append(status);
    return null;
  }

  const toolbar = h("div", { class: "rv-ed-toolbar", role: "toolbar", "aria-label": t("toolbar") });
  const panel = h("div", { class: "rv-ed-panel", role: "group", hidden: true });
  const surface = h("div", { class: "rv-ed-surface" });
  root.append(toolbar, panel, status, surface);

  let contentError = false;
  const editor = new Editor({
    element: surface,
    injectCSS: false,
    enableContentCheck: true,
    enableInputRules: true,
    enablePasteRules: true,
    content: content && content.type === "doc" ? content : null,
    extensions: [
      Document,
      Paragraph,
      Text,
      Headings,
      Bold,
      Italic,
      Link.configure({
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: "https",
        HTMLAttributes: { target: null, rel: null, class: null },
        isAllowedUri: (url) => isAllowedHref(url),
      }),
      HardBreak,
      BulletList,
      OrderedList,
      Item,
      Quote,
      PullQuote,
      HorizontalRule,
      Figure.configure({ t }),
      Embed.configure({ t }),
      Footnote.configure({ t }),
      UndoRedo,
      Dropcursor,
      Gapcursor,
      TrailingNode,
      Placeholder.configure({ placeholder: t("placeholder") }),
    ],
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": root.dataset.label || t("body"),
        class: "rv-ed-body",
        spellcheck: "true",
      },
      transformPastedHTML: cleanPastedHTML,
      handleClickOn: (view, pos, node, nodePos) => {
        if (["footnote", "figure", "embed"].includes(node.type.name)) {
          openEdit(node.type.name, nodePos);
          return true;
        }
        return false;
      },
    },
    onContentError: () => {
      contentError = true;
    },
  });
  if (contentError) {
    // Same rule as above: an unreadable body stays as it is in the input.
    editor.setEditable(false);
    status.textContent = t("load-error");
    status.hidden = false;
  }
  root.revistaEditor = editor;

  editor.on("update", () => {
    if (contentError) return;
    input.value = JSON.stringify(editor.getJSON());
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // ---------------------------------------------------------------- the form panel
  function closePanel(refocus = true) {
    panel.hidden = true;
    panel.replaceChildren();
    if (refocus) editor.commands.focus();
  }

  /**
   * Opens the panel with labelled fields. `fields`: [{name, label, value, multiline}];
   * `apply(values)` returns an error string or null; `remove` adds a Remove button.
   */
  function openPanel(title, fields, apply, remove, applyLabel) {
    panel.replaceChildren();
    panel.setAttribute("aria-label", title);
    const uid = root.dataset.input;
    const heading = h("p", { class: "rv-ed-panel-title", text: title });
    const error = h("p", { class: "rv-ed-error", role: "alert", "aria-live": "polite" });
    const inputs = {};
    const rows = fields.map((f) => {
      const id = `rv-ed-${uid}-${f.name}`;
      const control = f.multiline
        ? h("textarea", { id, rows: 3, name: null })
        : h("input", { id, type: f.type || "text", inputmode: f.inputmode || null, autocomplete: "off" });
      control.value = f.value == null ? "" : String(f.value);
      inputs[f.name] = control;
      return h("div", { class: "rv-ed-field" }, h("label", { for: id, text: f.label }), control);
    });
    const submit = () => {
      const values = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value]));
      const err = apply(values);
      if (err) {
        error.textContent = err;
        return;
      }
      closePanel();
    };
    const buttons = h(
      "div",
      { class: "rv-ed-actions" },
      h("button", { type: "button", class: "rv-ed-primary", text: applyLabel || t("apply") }),
      remove ? h("button", { type: "button", class: "rv-ed-danger", text: remove.label || t("remove") }) : null,
      h("button", { type: "button", text: t("cancel") }),
    );
    const [applyBtn, ...rest] = buttons.children;
    const cancelBtn = rest[rest.length - 1];
    applyBtn.addEventListener("click", submit);
    cancelBtn.addEventListener("click", () => closePanel());
    if (remove) {
      rest[0].addEventListener("click", () => {
        remove.run();
        closePanel();
      });
    }
    // The editor sits inside the article's <form>: Enter must not submit it.
    panel.onkeydown = (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        closePanel();
      } else if (e.key === "Enter" && !(e.target.tagName === "TEXTAREA" && e.shiftKey) && e.target.tagName !== "BUTTON") {
        e.preventDefault();
        submit();
      }
    };
    panel.append(heading, ...rows, error, buttons);
    panel.hidden = false;
    const first = Object.values(inputs)[0];
    if (first) first.focus();
  }

  /**
   * Inserts after the selection, never over it (a selected figure or word stays). After a
   * figure or embed the cursor goes into the paragraph that follows (one is added if
   * needed), so typing goes on below it instead of replacing it.
   */
  function insertAfterSelection(content) {
    editor
      .chain()
      .focus()
      .insertContentAt(editor.state.selection.to, content)
      .command(({ tr }) => {
        const sel = tr.selection;
        if (!sel.node || !sel.node.isBlock) return true;
        const after = sel.to;
        const next = tr.doc.resolve(after).nodeAfter;
        if (!next || !next.isTextblock) tr.insert(after, tr.doc.type.schema.nodes.paragraph.create());
        tr.setSelection(TextSelection.create(tr.doc, after + 1));
        return true;
      })
      .run();
  }

  function nodeAt(pos, type) {
    const node = editor.state.doc.nodeAt(pos);
    return node && node.type.name === type ? node : null;
  }

  function setAttrsAt(pos, type, attrs) {
    editor
      .chain()
      .focus()
      .command(({ tr }) => {
        const node = tr.doc.nodeAt(pos);
        if (!node || node.type.name !== type) return false;
        tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...attrs });
        return true;
      })
      .run();
  }

  function removeAt(pos, type) {
    const node = nodeAt(pos, type);
    if (node) editor.chain().focus().deleteRange({ from: pos, to: pos + node.nodeSize }).run();
  }

  function footnoteForm(pos) {
    const node = pos == null ? null : nodeAt(pos, "footnote");
    const old = node ? inlineToText(node.attrs.content) : "";
    openPanel(
      t("footnote"),
      [{ name: "text", label: t("footnote-text"), value: old, multiline: true }],
      ({ text }) => {
        if (!text.trim()) return t("empty-footnote");
        if (node) {
          // Keep marks that came from the server unless the text was changed.
          if (text !== old) setAttrsAt(pos, "footnote", { content: textToInline(text.trim()) });
        } else {
          insertAfterSelection({ type: "footnote", attrs: { id: newFootnoteId(), content: textToInline(text.trim()) } });
        }
        return null;
      },
      node ? { run: () => removeAt(pos, "footnote") } : null,
      node ? t("apply") : t("insert"),
    );
  }

  function figureForm(pos) {
    const node = pos == null ? null : nodeAt(pos, "figure");
    const a = node ? node.attrs : { mediaId: null, caption: [], credit: null };
    const oldCaption = inlineToText(a.caption);
    openPanel(
      t("figure"),
      [
        { name: "mediaId", label: t("media-id"), value: a.mediaId, inputmode: "numeric" },
        { name: "caption", label: t("caption"), value: oldCaption },
        { name: "credit", label: t("credit"), value: a.credit },
      ],
      (v) => {
        const mediaId = positiveInt(v.mediaId);
        if (!mediaId) return t("invalid-media-id");
        const attrs = {
          mediaId,
          caption: v.caption === oldCaption ? a.caption : textToInline(v.caption.trim()),
          credit: v.credit.trim() || null,
        };
        if (node) setAttrsAt(pos, "figure", attrs);
        else insertAfterSelection({ type: "figure", attrs });
        return null;
      },
      node ? { run: () => removeAt(pos, "figure") } : null,
      node ? t("apply") : t("insert"),
    );
  }

  function embedForm(pos) {
    const node = pos == null ? null : nodeAt(pos, "embed");
    openPanel(
      t("embed"),
      [{ name: "url", label: t("url"), value: node ? node.attrs.url : "", type: "url" }],
      ({ url }) => {
        const u = url.trim();
        if (!embedProvider(u)) return t("invalid-embed");
        if (node) setAttrsAt(pos, "embed", { url: u });
        else insertAfterSelection({ type: "embed", attrs: { url: u } });
        return null;
      },
      node ? { run: () => removeAt(pos, "embed") } : null,
      node ? t("apply") : t("insert"),
    );
  }

  function linkForm() {
    const active = editor.isActive("link");
    const href = active ? editor.getAttributes("link").href : "";
    openPanel(
      t("link"),
      [{ name: "href", label: t("url"), value: href, type: "url" }],
      ({ href: v }) => {
        const u = v.trim();
        if (!isAllowedHref(u)) return t("invalid-link");
        const { empty } = editor.state.selection;
        if (empty && !active) {
          editor
            .chain()
            .focus()
            .insertContent({ type: "text", text: u, marks: [{ type: "link", attrs: { href: u } }] })
            .run();
        } else {
          editor.chain().focus().extendMarkRange("link").setLink({ href: u }).run();
        }
        return null;
      },
      active ? { label: t("remove-link"), run: () => editor.chain().focus().extendMarkRange("link").unsetLink().run() } : null,
    );
  }

  function attributionForm() {
    const type = editor.isActive("pullQuote") ? "pullQuote" : "blockquote";
    openPanel(
      t("attribution"),
      [{ name: "attribution", label: t("attribution"), value: editor.getAttributes(type).attribution || "" }],
      ({ attribution }) => {
        editor.chain().focus().updateAttributes(type, { attribution: attribution.trim() || null }).run();
        return null;
      },
      null,
    );
  }

  function openEdit(type, pos) {
    if (type === "footnote") footnoteForm(pos);
    else if (type === "figure") figureForm(pos);
    else if (type === "embed") embedForm(pos);
  }

  /** The position of the selected `type` node: a node selection or a text selection over just it. */
  function selectedAtom(type) {
    const { node, from, to } = editor.state.selection;
    const n = node || (to - from === 1 ? editor.state.doc.nodeAt(from) : null);
    return n && n.type.name === type ? from : null;
  }

  function setQuote(kind) {
    const other = kind === "pullQuote" ? "blockquote" : "pullQuote";
    const chain = editor.chain().focus();
    if (editor.isActive(kind)) chain.lift(kind).run();
    else if (editor.isActive(other)) chain.lift(other).wrapIn(kind).run();
    else chain.wrapIn(kind).run();
  }

  // ---------------------------------------------------------------- toolbar
  const buttons = [];
  const group = () => {
    const g = h("div", { class: "rv-ed-group" });
    toolbar.append(g);
    return g;
  };
  function button(g, { label, iconName, text, toggle, active, enabled, run }) {
    const b = h("button", {
      type: "button",
      class: "rv-ed-btn",
      "aria-label": label,
      title: label,
      "aria-pressed": toggle ? "false" : null,
      tabindex: buttons.length ? "-1" : "0",
    });
    if (iconName) b.append(icon(iconName));
    else b.append(h("span", { text }));
    b.addEventListener("mousedown", (e) => e.preventDefault());
    b.addEventListener("click", () => {
      run();
      refresh();
    });
    g.append(b);
    buttons.push({ b, toggle, active, enabled });
    return b;
  }

  let g = group();
  button(g, { label: t("paragraph"), text: "¶", toggle: true, active: () => editor.isActive("paragraph") && !editor.isActive("listItem") && !editor.isActive("blockquote") && !editor.isActive("pullQuote"), enabled: () => editor.can().setParagraph(), run: () => editor.chain().focus().setParagraph().run() });
  for (const level of [2, 3, 4]) {
    button(g, { label: `H${level} ${t(`heading-${level}`)}`, text: `H${level}`, toggle: true, active: () => editor.isActive("heading", { level }), enabled: () => editor.can().setHeading({ level }), run: () => editor.chain().focus().toggleHeading({ level }).run() });
  }
  g = group();
  button(g, { label: t("bold"), iconName: "bold", toggle: true, active: () => editor.isActive("bold"), enabled: () => editor.can().toggleBold(), run: () => editor.chain().focus().toggleBold().run() });
  button(g, { label: t("italic"), iconName: "italic", toggle: true, active: () => editor.isActive("italic"), enabled: () => editor.can().toggleItalic(), run: () => editor.chain().focus().toggleItalic().run() });
  button(g, { label: t("link"), iconName: "link", toggle: true, active: () => editor.isActive("link"), enabled: () => editor.can().setLink({ href: "https://x.invalid" }) || editor.isActive("link"), run: linkForm });
  g = group();
  button(g, { label: t("bullet-list"), iconName: "bulletList", toggle: true, active: () => editor.isActive("bulletList"), enabled: () => editor.can().toggleBulletList(), run: () => editor.chain().focus().toggleBulletList().run() });
  button(g, { label: t("ordered-list"), iconName: "orderedList", toggle: true, active: () => editor.isActive("orderedList"), enabled: () => editor.can().toggleOrderedList(), run: () => editor.chain().focus().toggleOrderedList().run() });
  button(g, { label: t("quote"), iconName: "quote", toggle: true, active: () => editor.isActive("blockquote"), enabled: () => editor.isActive("blockquote") || editor.can().wrapIn("blockquote") || editor.isActive("pullQuote"), run: () => setQuote("blockquote") });
  button(g, { label: t("pull-quote"), iconName: "pullQuote", toggle: true, active: () => editor.isActive("pullQuote"), enabled: () => editor.isActive("pullQuote") || editor.can().wrapIn("pullQuote") || editor.isActive("blockquote"), run: () => setQuote("pullQuote") });
  button(g, { label: t("attribution"), iconName: "attribution", enabled: () => editor.isActive("blockquote") || editor.isActive("pullQuote"), run: attributionForm });
  g = group();
  button(g, { label: t("figure"), iconName: "figure", enabled: () => editor.can().insertContent({ type: "figure", attrs: { mediaId: 1 } }), run: () => figureForm(selectedAtom("figure")) });
  button(g, { label: t("embed"), iconName: "embed", enabled: () => editor.can().insertContent({ type: "embed", attrs: { url: "https://youtu.be/x" } }), run: () => embedForm(selectedAtom("embed")) });
  button(g, { label: t("divider"), iconName: "divider", enabled: () => editor.can().setHorizontalRule(), run: () => editor.chain().focus().setHorizontalRule().run() });
  button(g, { label: t("footnote"), iconName: "footnote", toggle: true, active: () => selectedAtom("footnote") != null, enabled: () => selectedAtom("footnote") != null || editor.can().insertContent({ type: "footnote" }), run: () => footnoteForm(selectedAtom("footnote")) });
  g = group();
  button(g, { label: t("undo"), iconName: "undo", enabled: () => editor.can().undo(), run: () => editor.chain().focus().undo().run() });
  button(g, { label: t("redo"), iconName: "redo", enabled: () => editor.can().redo(), run: () => editor.chain().focus().redo().run() });

  function refresh() {
    const editable = editor.isEditable;
    for (const { b, toggle, active, enabled } of buttons) {
      let on = false;
      let can = editable;
      try {
        if (toggle) on = !!active();
        if (can && enabled) can = !!enabled();
      } catch {
        can = false;
      }
      if (toggle) b.setAttribute("aria-pressed", on ? "true" : "false");
      b.disabled = !can && !on;
    }
  }
  // Ctrl/Cmd+K opens the link form, as in most editors; Enter on a selected footnote,
  // figure or embed opens its form (the keyboard's way to "click" it).
  editor.view.dom.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
      e.preventDefault();
      linkForm();
      return;
    }
    if (e.key !== "Enter" || e.shiftKey) return;
    const type = ["footnote", "figure", "embed"].find((t) => selectedAtom(t) != null);
    if (type) {
      e.preventDefault();
      e.stopPropagation();
      openEdit(type, selectedAtom(type));
    }
  }, true);
  editor.on("transaction", refresh);
  editor.on("focus", refresh);
  refresh();

  // A toolbar is one tab stop; arrow keys move between its buttons.
  toolbar.addEventListener("keydown", (e) => {
    const list = buttons.map((x) => x.b).filter((b) => !b.disabled);
    const i = list.indexOf(document.activeElement);
    if (i < 0) return;
    let j = null;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") j = (i + 1) % list.length;
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") j = (i - 1 + list.length) % list.length;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = list.length - 1;
    if (j == null) return;
    e.preventDefault();
    list[i].tabIndex = -1;
    list[j].tabIndex = 0;
    list[j].focus();
  });
  toolbar.addEventListener("focusin", (e) => {
    if (!(e.target instanceof HTMLButtonElement)) return;
    for (const { b } of buttons) b.tabIndex = b === e.target ? 0 : -1;
  });

  return editor;
}

/** The preview box of a figure or embed: never loads anything from the media library or a third party. */
function previewView(node, kind, t) {
  const dom = h("div", { class: `rv-ed-atom rv-ed-${kind}`, contenteditable: "false" });
  const render = (n) => {
    dom.replaceChildren();
    if (kind === "figure") {
      const cap = inlineToText(n.attrs.caption);
      dom.append(
        h("span", { class: "rv-ed-atom-icon" }, icon("figure")),
        h(
          "span",
          { class: "rv-ed-atom-text" },
          h("strong", { text: `${t("figure")} #${n.attrs.mediaId ?? "?"}` }),
          h("span", { class: cap ? "rv-ed-atom-caption" : "rv-ed-atom-caption rv-ed-muted", text: cap || t("no-caption") }),
          n.attrs.credit ? h("span", { class: "rv-ed-muted", text: n.attrs.credit }) : null,
        ),
      );
    } else {
      const provider = embedProvider(n.attrs.url) || "?";
      dom.append(
        h("span", { class: "rv-ed-atom-icon" }, icon("embed")),
        h("span", { class: "rv-ed-atom-text" }, h("strong", { text: provider }), h("span", { class: "rv-ed-muted rv-ed-url", text: n.attrs.url || "" })),
      );
    }
  };
  render(node);
  return {
    dom,
    update(n) {
      if (n.type.name !== kind) return false;
      render(n);
      return true;
    },
    ignoreMutation: () => true,
  };
}

function mountAll() {
  document.querySelectorAll("[data-editor]").forEach((el) => mount(el));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
