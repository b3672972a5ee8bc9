// 学会助手 page: chat, clause browser, eligibility and score forms. Plain JS, no build step.
// Every text from the server is set with textContent (documents and answers are never parsed as HTML).
"use strict";

const TOKEN_KEY = "xuehui_token";
const CONV_KEY = "xuehui_conversation";
const $ = (sel) => document.querySelector(sel);

// ---------------------------------------------------------------- small DOM helper
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// replaceChildren without the null/false placeholders of optional parts (it would print "null").
function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// ---------------------------------------------------------------- API with the token
class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.code = e.code;
    this.field = e.field;
    this.detail = e;
  }
}

function askToken(message) {
  return new Promise((resolve) => {
    const dialog = $("#token-dialog");
    const err = $("#token-error");
    err.hidden = !message;
    err.textContent = message || "";
    $("#token-input").value = "";
    dialog.addEventListener("close", () => {
      const token = $("#token-input").value.trim();
      if (token) {
        localStorage.setItem(TOKEN_KEY, token);
        // /docs is opened by the browser directly: the server accepts the same token as a cookie there.
        document.cookie = `${TOKEN_KEY}=${encodeURIComponent(token)}; path=/; SameSite=Strict`;
      }
      resolve(token);
    }, { once: true });
    dialog.showModal();
  });
}

async function api(path, options = {}) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const headers = { Accept: "application/json" };
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    let body;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    }
    let response;
    try {
      response = await fetch(path, { method: options.method || (body ? "POST" : "GET"), headers, body });
    } catch (e) {
      throw new ApiError(0, { error: { message: "连不上服务器，请检查网络或稍后再试" } });
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (response.status === 401) {
      const given = await askToken(token ? "令牌不正确，请重新输入" : "");
      if (!given) throw new ApiError(401, data);
      continue;
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
  throw new ApiError(401, { error: { message: "令牌不正确" } });
}

// ---------------------------------------------------------------- routing
// #/ask, #/docs, #/check, #/score, or #/<doc>/<clause path> (a clause link to paste into a review note).
const TABS = ["ask", "docs", "check", "score"];
let current = null;

function clauseLink(doc, clause) {
  return `#/${doc}/${clause.replace(/ /g, "%20")}`;
}

function route() {
  let hash = location.hash.replace(/^#\/?/, "");
  try { hash = decodeURIComponent(hash); } catch (e) { /* keep it as typed */ }
  const slash = hash.indexOf("/");
  let tab = hash || "ask";
  let clause = null;
  if (slash > 0) {
    tab = "docs";
    clause = { doc: hash.slice(0, slash), path: hash.slice(slash + 1) };
  }
  if (!TABS.includes(tab)) tab = "ask";
  show(tab);
  if (tab === "docs") browser.open(clause);
  if (tab === "check") checkForm.load();
  if (tab === "score") scoreForm.load();
}

function show(tab) {
  if (current === tab) return;
  current = tab;
  for (const t of TABS) $(`#tab-${t}`).hidden = t !== tab;
  for (const a of document.querySelectorAll(".tabs a")) {
    a.classList.toggle("active", a.dataset.tab === tab);
    if (a.dataset.tab === tab) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
}

// A link to a clause: opens it in the browser tab (the same address a reviewer can paste).
function clauseAnchor(doc, clause, text) {
  if (!doc || !clause) return el("span", { class: "clause-ref", text: text || clause || "" });
  return el("a", { class: "clause-ref", href: clauseLink(doc, clause), text: text || clause });
}

// ---------------------------------------------------------------- chat
const chat = {
  conversation: sessionStorage.getItem(CONV_KEY) || null,

  newConversation() {
    this.conversation = "c-" + Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(16).padStart(2, "0")).join("");
    sessionStorage.setItem(CONV_KEY, this.conversation);
  },

  reset() {
    this.newConversation();
    $("#chat-log").replaceChildren(el("p", { class: "hint", text: "新对话：上一段对话的上下文已清除。" }));
    $("#cite-panel").hidden = true;
  },

  async ask(question) {
    if (!this.conversation) this.newConversation();
    const log = $("#chat-log");
    log.append(el("div", { class: "msg user", text: question }));
    const pending = el("div", { class: "msg bot pending", text: "正在检索…" });
    log.append(pending);
    pending.scrollIntoView({ block: "end" });
    $("#ask-button").disabled = true;
    try {
      const a = await api("/api/ask", { json: { question, conversation: this.conversation } });
      pending.replaceWith(this.render(a));
    } catch (e) {
      pending.replaceWith(el("div", { class: "msg bot error", role: "alert", text: e.message }));
    } finally {
      $("#ask-button").disabled = false;
    }
  },

  render(a) {
    const card = el("div", { class: `msg bot ${a.abstained ? "refusal" : "answer"}` });
    if (a.reading) card.append(el("p", { class: "reading", text: a.reading }));
    if (a.abstained) card.append(el("p", { class: "badge refusal-badge", text: "知识库中没有答案" }));
    const text = el("div", { class: "answer-text" });
    const cites = a.citations || [];
    // "[n]" markers become buttons that open citations[n-1] beside the answer.
    for (const part of (a.answer || "").split(/(\[\d+\])/)) {
      const m = part.match(/^\[(\d+)\]$/);
      const c = m && cites[Number(m[1]) - 1];
      if (c) text.append(el("button", { type: "button", class: "cite", "data-n": m[1], text: part,
                                         onclick: () => this.openCitation(card, c, Number(m[1])) }));
      else text.append(part);
    }
    card.append(text);
    if (/xuehui check/.test(a.answer || "")) {
      card.append(el("p", { class: "more" }, "在本页逐项核对：", el("a", { href: "#/check", text: "资格核对" })));
    }
    const shown = cites.length ? cites : (a.retrieved || []).slice(0, 3);
    if (shown.length) {
      card.append(el("p", { class: "cites-head", text: cites.length ? "引用的条文" : "最接近的条文（未回答所问，仅供参考）" }));
      const list = el("ol", { class: "cites" });
      shown.forEach((c, i) => {
        list.append(el("li", { "data-n": String(i + 1) },
          el("button", { type: "button", class: "cite-item", onclick: () => this.openCitation(card, c, i + 1) },
            `[${i + 1}] 《${c.title}》${c.year && !String(c.title).includes(String(c.year)) ? `（${c.year}年）` : ""} ${c.clause}`)));
      });
      card.append(list);
    }
    return card;
  },

  openCitation(card, c, n) {
    for (const b of document.querySelectorAll(".cite.active, .cites li.active")) b.classList.remove("active");
    for (const b of card.querySelectorAll(`.cite[data-n="${n}"], .cites li[data-n="${n}"]`)) b.classList.add("active");
    const body = $("#cite-body");
    fill(body,
      el("p", { class: "cite-n", text: `[${n}]` }),
      el("h3", { text: `《${c.title}》` }),
      el("p", { class: "clause-path" }, clauseAnchor(c.doc, c.clause)),
      (c.headings && c.headings.length) ? el("p", { class: "trail", text: c.headings.filter(Boolean).join(" › ") }) : null,
      el("div", { class: "clause-text", text: c.text }),
      el("p", { class: "more" }, clauseAnchor(c.doc, c.clause, "在条款浏览中打开（可复制链接）")),
    );
    const panel = $("#cite-panel");
    panel.hidden = false;
    panel.scrollTop = 0;
    if (window.matchMedia("(max-width: 800px)").matches) panel.focus?.();
  },
};

// ---------------------------------------------------------------- clause browser
const browser = {
  docs: null,
  loading: null,

  async load() {
    if (this.docs) return this.docs;
    if (!this.loading) {
      this.loading = api("/api/docs").then((docs) => {
        this.docs = docs;
        this.renderTree();
        return docs;
      }).catch((e) => {
        this.loading = null;
        $("#doc-tree").replaceChildren(el("p", { class: "error", text: e.message }));
        throw e;
      });
    }
    return this.loading;
  },

  renderTree() {
    const root = el("div");
    for (const d of this.docs) {
      const details = el("details", { class: "doc", "data-doc": d.id },
        el("summary", {}, el("span", { class: "doc-title", text: d.title }),
          el("span", { class: "doc-meta", text: [d.year, d.issuer].filter(Boolean).join(" · ") })));
      details.append(this.nodes(d.id, d.clauses));
      root.append(details);
    }
    $("#doc-tree").replaceChildren(root);
  },

  nodes(doc, list) {
    const ul = el("ul");
    for (const n of list) {
      const li = el("li", { "data-path": n.clause },
        el("a", { href: clauseLink(doc, n.clause), class: "node" },
          el("span", { class: "label", text: n.label }), n.heading ? " " + n.heading : "",
          !n.heading && n.preview ? el("span", { class: "preview", text: " " + n.preview }) : null));
      if (n.children && n.children.length) li.append(this.nodes(doc, n.children));
      for (const t of n.tables || []) {
        const rows = el("ul", { class: "rows" });
        for (const r of t.rows) {
          rows.append(el("li", { "data-path": r.clause }, el("a", { href: clauseLink(doc, r.clause), class: "node row", text: r.label })));
        }
        li.append(el("ul", {}, el("li", { class: "table" }, el("span", { class: "table-name", text: `表：${t.name}` }), rows)));
      }
      ul.append(li);
    }
    return ul;
  },

  async open(target) {
    try { await this.load(); } catch (e) { return; }
    if (!target) return;
    const view = $("#clause-view");
    view.replaceChildren(el("p", { class: "hint", text: "正在打开…" }));
    this.mark(target);
    try {
      const c = await api(`/api/clause?doc=${encodeURIComponent(target.doc)}&path=${encodeURIComponent(target.path)}`);
      this.render(c);
      this.mark({ doc: c.doc, path: c.clause });
      if (window.matchMedia("(max-width: 800px)").matches) view.scrollIntoView({ block: "start" });
    } catch (e) {
      const nearest = (e.detail && (e.detail.nearest || e.detail.valid)) || [];
      fill(view, el("p", { class: "error", role: "alert", text: e.message }),
        nearest.length && e.code === "clause_not_found"
          ? el("p", {}, "相近的条款：", ...nearest.map((p) => [clauseAnchor(target.doc, p), " "])) : null);
    }
  },

  render(c) {
    const link = location.origin + "/" + clauseLink(c.doc, c.clause);
    const copy = el("button", { type: "button", class: "secondary", text: "复制链接", onclick: async () => {
      try { await navigator.clipboard.writeText(link); copy.textContent = "已复制"; }
      catch (e) { copy.textContent = "请手动复制上面的链接"; }
    } });
    fill($("#clause-view"),
      el("h3", { text: `《${c.title}》` }),
      el("p", { class: "clause-path", text: c.clause }),
      (c.headings && c.headings.length) ? el("p", { class: "trail", text: c.headings.filter(Boolean).join(" › ") }) : null,
      el("div", { class: "clause-text", id: "clause-text", text: c.text }),
      c.children && c.children.length
        ? el("div", { class: "children" }, el("p", { class: "cites-head", text: "下设条款" }),
            el("ul", {}, c.children.map((k) => el("li", {}, clauseAnchor(c.doc, k.clause, k.clause),
              el("span", { class: "preview", text: " " + (k.heading || firstWords(k.text, k.clause)) })))))
        : null,
      el("div", { class: "share" }, el("input", { type: "text", readonly: true, value: link, "aria-label": "条款链接", id: "clause-link",
                                                  onfocus: (ev) => ev.target.select() }), copy),
    );
  },

  // Opens the tree down to the clause and highlights it.
  mark(target) {
    for (const a of document.querySelectorAll("#doc-tree .current")) a.classList.remove("current");
    const details = document.querySelector(`#doc-tree details[data-doc="${CSS.escape(target.doc)}"]`);
    if (!details) return;
    details.open = true;
    const li = details.querySelector(`li[data-path="${CSS.escape(target.path)}"]`);
    if (li) {
      const a = li.firstElementChild;
      a.classList.add("current");
      // scroll the tree only (scrollIntoView would scroll the whole page too)
      const tree = $("#doc-tree");
      if (tree.scrollHeight > tree.clientHeight) tree.scrollTop = Math.max(0, a.offsetTop - tree.clientHeight / 3);
    }
  },
};

function firstWords(text, clause) {
  let first = String(text || "").split("\n").find((l) => l.trim()) || "";
  const label = clause.split(/[、.．）)]/).length ? first.match(/^[（(]?[0-9一二三四五六七八九十①-⑳]+[、.．）)]?/) : null;
  if (label) first = first.slice(label[0].length);
  return first.length > 40 ? first.slice(0, 40) + "…" : first;
}

// ---------------------------------------------------------------- generated forms
// A field of the rules' catalogue → an input; "不知道" (empty) leaves the field out, so the verdict
// says which facts it still needs instead of guessing.
function fieldInput(f) {
  const id = "f-" + f.name.replace(/[^A-Za-z0-9_]/g, "-");
  let input;
  if (f.kind === "funded") {
    // A year's funded sub-projects: unknown (left out), or known — the ticked ones (none ticked = none funded).
    const boxes = el("div", { class: "funded-list", hidden: true },
      (f.choices || []).map((c) => el("label", { class: "project" }, el("input", { type: "checkbox", value: c.value }), c.label)),
      el("span", { class: "help", text: "（都没有就不勾）" }));
    const toggle = (known) => { boxes.hidden = !known; };
    input = el("div", { id, class: "funded", "data-name": f.name, role: "group", "aria-label": f.label },
      el("label", { class: "project" }, el("input", { type: "radio", name: id, value: "", checked: true, onchange: () => toggle(false) }), "不知道"),
      el("label", { class: "project" }, el("input", { type: "radio", name: id, value: "known", onchange: () => toggle(true) }), "知道，当年立项的有："),
      boxes);
  } else if (f.kind === "bool" || f.kind === "choice" || (f.choices && f.choices.length)) {
    input = el("select", { id, name: f.name },
      el("option", { value: "", text: "不知道" }),
      (f.choices || []).map((c) => el("option", { value: c.value, text: c.label })));
  } else if (f.kind === "int" || f.kind === "number") {
    input = el("input", { id, name: f.name, type: "number", inputmode: "decimal", placeholder: "不知道（留空）",
                          min: f.minimum ?? null, max: f.maximum ?? null, step: f.kind === "int" ? "1" : "any" });
  } else if (f.kind === "numbers") {
    input = el("input", { id, name: f.name, type: "text", inputmode: "decimal", placeholder: "用逗号分隔的数字；不知道留空" });
  } else {
    input = el("input", { id, name: f.name, type: "text", placeholder: "不知道（留空）" });
  }
  input.dataset.kind = f.kind;
  const range = f.minimum !== null && f.minimum !== undefined && f.maximum !== null && f.maximum !== undefined
    ? `（${f.minimum}–${f.maximum}${f.unit || ""}）` : "";
  const usedBy = f.needed_by && f.needed_by.length ? `只用于：${f.needed_by.join("、")}` : "";
  return el("div", { class: "field", "data-name": f.name },
    el(f.kind === "funded" ? "p" : "label", f.kind === "funded" ? { class: "label", text: f.label + range } : { for: id, text: f.label + range }),
    input,
    f.help ? el("p", { class: "help", text: input.tagName === "INPUT" ? f.help : f.help.split("。可填：")[0] }) : null,
    usedBy ? el("p", { class: "help", text: usedBy }) : null,
    f.clause ? el("p", { class: "help rule" }, "依据：", clauseAnchor(f.doc, f.clause), f.quote ? ` “${f.quote}”` : "") : null,
    el("p", { class: "error field-error", hidden: true }));
}

// A select's value as the input file would write it: true/false, numbers for numeric choices (类别 1–4).
function typed(raw, kind) {
  if (kind === "bool") return raw === "true";
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

// The form's values as the YAML input's nested mapping ("society.capability_grade" → {society: {…}}).
function collect(container) {
  const data = {};
  const put = (name, value) => {
    const parts = name.split(".");
    let at = data;
    for (const p of parts.slice(0, -1)) at = at[p] = at[p] || {};
    at[parts[parts.length - 1]] = value;
  };
  for (const box of container.querySelectorAll(".funded")) {
    if (box.querySelector('input[type="radio"][value="known"]').checked) {
      put(box.dataset.name, Array.from(box.querySelectorAll('.funded-list input:checked'), (i) => i.value));
    }
  }
  for (const input of container.querySelectorAll("select[name], input[name]:not([type=radio]):not([type=checkbox])")) {
    const raw = input.value.trim();
    if (!raw) continue;
    const kind = input.dataset.kind;
    let value;
    if (input.tagName === "SELECT") value = typed(raw, kind);
    else if (kind === "int" || kind === "number") value = Number(raw);
    else if (kind === "numbers") value = raw.split(/[,，、\s]+/).filter(Boolean).map(Number);
    else value = raw;
    put(input.name, value);
  }
  return data;
}

function showFieldError(form, errorBox, e) {
  for (const p of form.querySelectorAll(".field-error")) p.hidden = true;
  errorBox.hidden = false;
  errorBox.textContent = e.message;
  // "peers[1]" or "society.funded.2021[0]" → the input that holds it
  let field = null;
  for (let name = e.field || ""; name && !field; name = name.replace(/(\[\d+\]|\.[^.\[]*)$/, "")) {
    field = form.querySelector(`.field[data-name="${CSS.escape(name)}"]`);
    if (name === name.replace(/(\[\d+\]|\.[^.\[]*)$/, "")) break;
  }
  if (field) {
    const p = field.querySelector(".field-error");
    p.hidden = false;
    p.textContent = e.message;
    field.scrollIntoView({ block: "center" });
  }
}

const STATUS = { pass: ["✓", "通过"], fail: ["✗", "不符合"], unknown: ["?", "缺信息"] };
const VERDICT = { eligible: "可以申报", ineligible: "不符合申报条件", needs_info: "需补充信息后才能判断" };
const MOVE = { up: "拟升入上一类", down: "拟降入下一类", stay: "类别不变" };

function reasonItem(r, doc) {
  const [mark, word] = STATUS[r.status] || ["·", r.status];
  return el("li", { class: `reason ${r.status}` },
    el("span", { class: "status", title: word, text: `${mark} ${word}` }),
    el("span", { class: "message", text: r.message }),
    el("span", { class: "where" }, clauseAnchor(r.doc || doc, r.clause), r.quote ? el("q", { text: r.quote }) : null));
}

const checkForm = {
  projects: null,

  async load() {
    if (this.projects) return;
    try {
      this.projects = await api("/api/projects");
    } catch (e) {
      $("#check-projects").replaceChildren(el("p", { class: "error", text: e.message }));
      return;
    }
    const box = el("div");
    const groups = new Map();
    for (const p of this.projects) {
      if (!groups.has(p.category)) groups.set(p.category, []);
      groups.get(p.category).push(p);
    }
    for (const [category, list] of groups) {
      box.append(el("fieldset", {}, el("legend", { text: category }),
        list.map((p) => el("label", { class: "project" },
          el("input", { type: "checkbox", value: p.name, onchange: () => this.fields() }),
          p.group ? `${p.group}·${p.name}` : p.name))));
    }
    $("#check-projects").replaceChildren(box);
    await this.fields();
  },

  chosen() {
    return Array.from(document.querySelectorAll("#check-projects input:checked"), (i) => i.value);
  },

  async fields() {
    const chosen = this.chosen();
    const keep = collectValues($("#check-fields"));
    const query = chosen.map((p) => "projects=" + encodeURIComponent(p)).join("&");
    try {
      const form = await api("/api/forms/check" + (query ? "?" + query : ""));
      const box = $("#check-fields");
      box.replaceChildren(...form.fields.map(fieldInput));
      restoreValues(box, keep);
    } catch (e) {
      $("#check-fields").replaceChildren(el("p", { class: "error", text: e.message }));
    }
  },

  async submit() {
    const err = $("#check-error");
    err.hidden = true;
    let body;
    try {
      body = collect($("#check-fields"));
    } catch (e) {
      showFieldError($("#check-form"), err, e);
      return;
    }
    body.apply = this.chosen();
    if (!body.apply.length) delete body.apply;
    $("#check-button").disabled = true;
    try {
      this.render(await api("/api/check", { json: body }));
    } catch (e) {
      showFieldError($("#check-form"), err, e);
    } finally {
      $("#check-button").disabled = false;
    }
  },

  render(r) {
    const out = $("#check-result");
    const verdict = r.plan_ok ? "计划可行" : "计划不可行";
    out.replaceChildren(el("p", { class: `banner ${r.plan_ok ? "ok" : "bad"}`, id: "plan-verdict", text: `结论：${verdict}` },
      r.headline ? el("span", { class: "headline", text: r.headline }) : null));
    for (const p of r.projects || []) {
      const card = el("div", { class: `verdict ${p.verdict}`, "data-project": p.project },
        el("h3", {}, p.project, el("span", { class: "badge", text: VERDICT[p.verdict] || p.verdict })));
      if (p.missing && p.missing.length) card.append(el("p", { class: "missing", text: `缺：${p.missing.map(fieldLabel).join("、")}` }));
      card.append(el("ul", { class: "reasons" }, (p.reasons || []).map((x) => reasonItem(x, r.doc))));
      for (const q of p.other_requirements || []) {
        card.append(el("p", { class: "other" }, `另须（${q.kind}，此处不核对）：`, clauseAnchor(q.doc || r.doc || firstDoc(p), q.clause), ` “${q.quote}”`));
      }
      out.append(card);
    }
    if (r.conflicts && r.conflicts.length) {
      const box = el("div", { class: "conflicts" }, el("h3", { text: "组合冲突" }));
      for (const c of r.conflicts) {
        box.append(el("div", { class: "conflict" },
          el("p", { class: "pair", text: (c.projects || []).join(" ↔ ") }),
          el("p", { text: c.message }),
          el("p", { class: "where" }, clauseAnchor(c.doc || r.doc || firstDoc(r.projects && r.projects[0]), c.clause), c.quote ? el("q", { text: c.quote }) : null)));
      }
      out.append(box);
    } else if (r.projects && r.projects.length) {
      out.append(el("p", { class: "ok-line", text: "组合冲突：无" }));
    }
    notes(out, r);
    out.scrollIntoView({ block: "start" });
  },
};

// A missing field named by the form's own label ("society.failed" → the 2021 question's label).
function fieldLabel(name) {
  const fields = Array.from(document.querySelectorAll("#check-fields .field"));
  const hit = fields.find((f) => f.dataset.name === name) || fields.find((f) => f.dataset.name.startsWith(name + "."));
  const label = hit && hit.querySelector("label, p.label");
  return label ? label.textContent.replace(/（.*?）$/, "") : name;
}

function firstDoc(p) {
  return p && p.reasons && p.reasons.length ? p.reasons[0].doc : null;
}

function notes(out, r) {
  for (const n of r.notes || []) out.append(el("p", { class: "note", text: `注：${typeof n === "string" ? n : n.text || JSON.stringify(n)}` }));
  if (r.assumptions && r.assumptions.length) {
    out.append(el("details", { class: "assumptions" }, el("summary", { text: "解读说明（文件未明确处的取舍）" }),
      el("ul", {}, r.assumptions.map((a) => el("li", {}, clauseAnchor(a.doc, a.clause), " ", a.text)))));
  }
}

// Kept across a change of the chosen sub-projects (the field list is rebuilt).
function collectValues(box) {
  const out = {};
  for (const i of box.querySelectorAll("select[name], input[name]:not([type=radio]):not([type=checkbox])")) if (i.value) out[i.name] = i.value;
  return out;
}

function restoreValues(box, values) {
  for (const i of box.querySelectorAll("select[name], input[name]:not([type=radio]):not([type=checkbox])")) if (values[i.name] !== undefined) i.value = values[i.name];
}

const scoreForm = {
  loaded: false,

  async load() {
    if (this.loaded) return;
    try {
      const form = await api("/api/forms/score");
      $("#score-fields").replaceChildren(...form.fields.map(fieldInput));
      this.loaded = true;
    } catch (e) {
      $("#score-fields").replaceChildren(el("p", { class: "error", text: e.message }));
    }
  },

  async submit() {
    const err = $("#score-error");
    err.hidden = true;
    $("#score-button").disabled = true;
    try {
      this.render(await api("/api/score", { json: collect($("#score-fields")) }));
    } catch (e) {
      showFieldError($("#score-form"), err, e);
    } finally {
      $("#score-button").disabled = false;
    }
  },

  render(r) {
    const out = $("#score-result");
    const fc = { true: "可被认定", false: "否" }[String(r.first_class)] || "无法判断";
    fill(out,
      el("div", { class: "summary", id: "score-summary" },
        kv("集中考核", num(r.central)), kv("总分", num(r.total)), kv("等级", r.grade || "—", "grade"),
        kv("名次", r.rank ? `${r.rank}${r.group_size ? `（共${r.group_size}家）` : ""}` : "—"),
        kv("升降", MOVE[r.promotion] || "无法判断（缺同类学会得分）"), kv("一流学会", fc)),
      r.headline ? el("p", { class: "headline", id: "score-headline", text: r.headline }) : null,
      (r.missing && r.missing.length) ? el("p", { class: "missing", text: `缺少：${r.missing.join("、")}` }) : null,
      (r.suspended && r.suspended.length) ? el("p", { class: "error", text: `暂停申报：${r.suspended.join("、")}` }) : null,
      el("table", { class: "steps" },
        el("thead", {}, el("tr", {}, el("th", { text: "步骤" }), el("th", { text: "数值" }), el("th", { text: "条款与原文" }))),
        el("tbody", {}, (r.steps || []).map((s) => el("tr", {},
          el("td", { text: s.what }), el("td", { class: "num", text: num(s.value) }),
          el("td", {}, clauseAnchor(s.doc || r.doc, s.clause), s.quote ? el("q", { text: s.quote }) : null))))),
    );
    notes(out, r);
    out.scrollIntoView({ block: "start" });
  },
};

function kv(k, v, cls) {
  return el("div", { class: "kv" }, el("span", { class: "k", text: k }), el("span", { class: `v ${cls || ""}`, text: v }));
}

function num(x) {
  return x === null || x === undefined ? "—" : String(Math.round(x * 100) / 100);
}

// ---------------------------------------------------------------- wiring
document.addEventListener("DOMContentLoaded", () => {
  $("#ask-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = $("#question").value.trim();
    if (!q) return;
    $("#question").value = "";
    chat.ask(q);
  });
  $("#question").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      $("#ask-form").requestSubmit();
    }
  });
  $("#new-chat").addEventListener("click", () => chat.reset());
  $("#cite-close").addEventListener("click", () => { $("#cite-panel").hidden = true; });
  $("#check-form").addEventListener("submit", (ev) => { ev.preventDefault(); checkForm.submit(); });
  $("#score-form").addEventListener("submit", (ev) => { ev.preventDefault(); scoreForm.submit(); });
  window.addEventListener("hashchange", route);
  route();
});
