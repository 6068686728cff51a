// The moderator sidebar: polls GET /api/todo and redraws the list. Every piece of user text goes in through
// textContent (never innerHTML), and links are built from ids as same-site relative paths.
(function () {
  "use strict";
  const sidebar = document.getElementById("todo");
  if (!sidebar) return;
  const list = document.getElementById("todo-list");
  const empty = document.getElementById("todo-empty");
  const count = document.getElementById("todo-count");
  const status = document.getElementById("todo-status");
  const interval = Math.max(500, parseInt(sidebar.dataset.refreshMs, 10) || 2000);

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function render(items) {
    const rows = items.map(function (item) {
      const li = element("li", "todo-item level-" + Number(item.levelIndex));
      li.dataset.messageId = item.messageId;
      li.dataset.level = item.level;
      const link = element("a", "todo-link");
      link.href = "/threads/" + encodeURIComponent(item.threadId || "") + "#post-" + encodeURIComponent(item.messageId);
      const head = element("div", "todo-head");
      head.append(element("span", "badge level-" + Number(item.levelIndex), item.level));
      head.append(element("span", "todo-subject", item.subject));
      link.append(head);
      link.append(element("div", "todo-excerpt", item.excerpt));
      const meta = element("div", "todo-meta",
        item.author + " · waited " + item.waited + " · " + item.reason +
        (item.source !== "model" ? " · by " + item.source : "") +
        (item.flagCount > 0 ? " · " + item.flagCount + (item.flagCount === 1 ? " flag" : " flags") : ""));
      link.append(meta);
      li.append(link);
      return li;
    });
    list.replaceChildren.apply(list, rows);
    empty.hidden = items.length !== 0;
    count.textContent = items.length ? "(" + items.length + ")" : "";
  }

  async function refresh() {
    try {
      const response = await fetch("/api/todo", { headers: { "Accept": "application/json" }, cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      render(await response.json());
      status.textContent = "Updated " + new Date().toLocaleTimeString();
      sidebar.classList.remove("stale");
    } catch (error) {
      status.textContent = "Could not refresh the list (" + error.message + "); retrying.";
      sidebar.classList.add("stale");
    } finally {
      setTimeout(refresh, interval);
    }
  }

  refresh();
})();
