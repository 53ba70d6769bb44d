// The live connection shared by every face: a versioned copy of the
// workshop (the store) kept in step with the server, and an outbox so that
// nothing a participant submits is lost to sleep, flaky Wi-Fi or a restart.
// Protocol: atelier/realtime/events.py and docs/realtime-api.md.
import { $$, newClientId, setServed, setText, storage, t } from "./dom.js";
// The Socket.IO client from npm, served as a module beside ours (atelier/web/assets.py).
import { io } from "./vendor/socket.io.esm.min.js";

const ACK_TIMEOUT = 10000; // a lost ack is retried after this
const GAP_WAIT = 1000; // how long a missing version may take to arrive
const HEARTBEAT_SPREAD = 2000; // pages behind the room's heartbeat sync within this
const RETRY_DELAY = 2000;
const RETRY_CEILING = 30000; // a submission's resends slow down to one in this
const RESUME_CHECK = 15000; // a page hidden this long checks its link on return

// ---- the store ----------------------------------------------------------

function upsert(list, item) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i >= 0) list[i] = item;
  else {
    list.push(item);
    if (list.length > 1 && list[list.length - 2].id > item.id) list.sort((a, b) => a.id - b.id);
  }
}

function setVotes(store, data) {
  const { tallies, ...rest } = data;
  // Tallies list only the ideas whose count changed: merge them. `null`
  // means this audience sees none (hidden again): drop the ones we hold.
  const merged = tallies ? { ...(store.votes && store.votes.tallies), ...tallies } : null;
  store.votes = { ...rest, tallies: merged };
}

/** Apply one change's ops; returns true when the server asks for a snapshot. */
function applyOps(store, ops) {
  let resync = false;
  for (const { type, data } of ops || []) {
    if (type === "workshop") store.workshop = data;
    else if (type === "participant") upsert(store.participants, data);
    else if (type === "idea") upsert(store.ideas, data);
    else if (type === "idea_removed") store.ideas = store.ideas.filter((i) => i.id !== data.id);
    else if (type === "votes") setVotes(store, data);
    else if (type === "review") {
      // Day-15 reports, one item per committed idea, replaced by idea_id.
      const items = new Map((store.review || []).map((item) => [item.idea_id, item]));
      for (const item of data.items || []) items.set(item.idea_id, item);
      store.review = [...items.values()];
    }
    else if (type === "barometer") store.barometer = data;
    else if (type === "inspiration") store.inspiration = data;
    else if (type === "resync") resync = true;
  }
  return resync;
}

// ---- the outbox -----------------------------------------------------------

// Submissions that replace a whole value: a queued one is dropped when a
// newer one for the same thing arrives (`(queued, newer) => same thing?`).
const SUPERSEDES = {
  "vote.set": () => true,
  "report.save": (queued, newer) => queued.idea_id === newer.idea_id,
  "email.set": () => true,
  "barometer.save": (queued, newer) => queued.round === newer.round,
};

/**
 * Submissions wait here, saved in localStorage BEFORE they are sent, and
 * leave only when the server answered (stored, or refused with a reason).
 * One is in flight at a time so they arrive in order; the server
 * deduplicates by client_id, so sending one twice is harmless.
 */
class Outbox {
  constructor(key) {
    this.key = key;
    this.items = storage.get(key, []);
    if (!Array.isArray(this.items)) this.items = [];
    this.inFlight = null;
    this.done = new Set(); // client_ids this tab saw answered or replaced
  }

  save() {
    // Another tab of the same page (a QR code scanned twice) may have queued
    // items since we read ours: keep them rather than overwrite them. Both
    // tabs may then send one; the server stores it once (same client_id).
    const stored = storage.get(this.key, []);
    const ours = new Set(this.items.map((i) => i.client_id));
    const theirs = (Array.isArray(stored) ? stored : []).filter(
      (i) => i && i.client_id && !ours.has(i.client_id) && !this.done.has(i.client_id),
    );
    if (theirs.length) this.items = [...theirs, ...this.items].sort((a, b) => a.at - b.at);
    if (this.items.length) storage.set(this.key, this.items);
    else storage.remove(this.key);
  }

  add(event, payload, meta) {
    const item = { client_id: payload.client_id, event, payload, meta: meta || {}, at: Date.now() };
    const replaces = SUPERSEDES[event];
    if (replaces) {
      // A newer whole value (ballot, report, address) makes queued ones moot.
      const kept = this.items.filter((i) => i === this.inFlight || i.event !== event || !replaces(i.payload, payload));
      for (const i of this.items) if (!kept.includes(i)) this.done.add(i.client_id);
      this.items = kept;
    }
    this.items.push(item);
    this.save();
    return item;
  }

  remove(item) {
    this.done.add(item.client_id);
    this.items = this.items.filter((i) => i !== item);
    this.save();
  }

  pending(event) {
    return this.items.filter((i) => !event || i.event === event);
  }
}

// ---- the connection -------------------------------------------------------

/**
 * Connect a page. `handlers.render(live)` redraws from `live.store`;
 * `onSent(item, ack)` / `onRefused(item, error)` follow outbox items;
 */
export function createLive(config, handlers = {}) {
  const noop = () => {};
  const { render = noop, onSent = noop, onRefused = noop } = handlers;
  const live = {
    config,
    store: null,
    status: "connecting",
    error: null,
    offset: 0, // server clock minus ours, in ms
    // One outbox per person: on a phone handed from one person to another
    // (a personal link, a confirmed claim), what one left unsent is never
    // sent as the other's.
    outbox: new Outbox(`atelier:${config.code}:outbox${config.participant ? `:p${config.participant}` : ""}`),
  };

  // Coalesce renders: 300 people posting at once must not redraw 300 times.
  let renderTimer = null;
  function scheduleRender() {
    if (renderTimer) return;
    renderTimer = setTimeout(() => {
      renderTimer = null;
      showStatus();
      if (live.store) {
        // Who the team serves may have changed: texts follow before the redraw.
        setServed(live.store.workshop && live.store.workshop.serves_words);
        render(live);
      }
    }, 30);
  }
  live.render = scheduleRender;
  live.now = () => Date.now() + live.offset;

  function setStatus(status, error = null) {
    live.status = status;
    live.error = error;
    scheduleRender();
  }

  const socket = io({
    auth: { code: config.code, view: config.view, lang: config.lang },
    transports: ["websocket", "polling"],
    // Behind several workers, nginx keeps every request of this page's
    // long-polling on one of them by this key (deploy/nginx/atelier.conf).
    query: { sticky: Math.random().toString(36).slice(2, 12) },
    // Default reconnection (exponential backoff with jitter) spreads a room's reconnects.
  });
  live.socket = socket;

  // Versions: apply v+1 only; buffer what comes early; ask for a snapshot on a gap.
  const early = new Map();
  let meVersion = 0; // the version of the last "me" (or snapshot) applied
  let gapTimer = null;
  let syncing = false;

  function replaceState(state) {
    // A snapshot older than what we hold (a sync answered after newer
    // changes arrived) would roll the page back: keep what we have.
    if (live.store && state.v < live.store.v) return;
    const serverNow = Date.parse(state.server_time);
    if (!Number.isNaN(serverNow)) live.offset = serverNow - Date.now();
    state.votes = state.votes || {};
    state.votes.tallies = state.votes.tallies || null;
    live.store = state;
    meVersion = Math.max(meVersion, state.v);
    drain();
  }

  // A message covers versions from..v (`from` absent: v alone; joins sent
  // together carry several). It applies when it holds the next version.
  function nextChange(v) {
    for (const message of early.values()) if (message.from <= v + 1) return message;
    return null;
  }

  function drain() {
    const store = live.store;
    let resync = false;
    for (const v of early.keys()) if (v <= store.v) early.delete(v);
    let next = nextChange(store.v);
    while (next) {
      // Ops of versions already held (a snapshot taken amid a batch of joins)
      // are whole participants nothing changed since: applying them again is harmless.
      early.delete(next.v);
      if (applyOps(store, next.ops)) resync = true;
      store.v = next.v;
      for (const v of early.keys()) if (v <= store.v) early.delete(v);
      next = nextChange(store.v);
    }
    if (early.size && !gapTimer) {
      gapTimer = setTimeout(() => {
        gapTimer = null;
        if (early.size) sync();
      }, GAP_WAIT);
    } else if (!early.size && gapTimer) {
      clearTimeout(gapTimer);
      gapTimer = null;
    }
    if (resync) sync();
    scheduleRender();
  }

  /** Ask for a whole snapshot; `onTimeout` runs if the link turns out dead. */
  function sync(onTimeout) {
    if (syncing || !socket.connected) return;
    syncing = true;
    socket.timeout(ACK_TIMEOUT).emit("sync", {}, (err, ack) => {
      syncing = false;
      if (!err && ack && ack.ok) replaceState(ack.state);
      else if (err && onTimeout) onTimeout();
      else if (early.size) setTimeout(() => early.size && sync(), RETRY_DELAY);
    });
  }
  live.sync = sync;

  socket.on("state", replaceState);
  socket.on("change", (message) => {
    if (!message || typeof message.v !== "number") return;
    if (live.store && message.v <= live.store.v) return;
    const from = typeof message.from === "number" && message.from < message.v ? message.from : message.v;
    early.set(message.v, { ...message, from });
    if (live.store) drain();
  });
  // Each worker tells its pages the room's version every few seconds
  // (atelier/realtime/heartbeat.py): a page behind it missed a change (Redis
  // restarting, a worker killed after its commit). The change may still be on
  // its way: give it GAP_WAIT, then ask for a snapshot — after a random part
  // of HEARTBEAT_SPREAD too, since every page of the room hears the beat at
  // once and a thousand snapshots asked in the same instant would queue.
  socket.on("version", (message) => {
    if (!message || typeof message.v !== "number" || !live.store || message.v <= live.store.v) return;
    setTimeout(() => {
      if (live.store && live.store.v < message.v) sync();
    }, GAP_WAIT + Math.random() * HEARTBEAT_SPREAD);
  });
  // "me" carries the version of the change that produced it: an older one
  // (events from two changes can cross on the way) is dropped.
  socket.on("me", (me) => {
    if (!me || (typeof me.v === "number" && me.v <= meVersion)) return;
    if (typeof me.v === "number") meVersion = me.v;
    const { v, ...fields } = me;
    if (live.store && live.store.me) Object.assign(live.store.me, fields);
    scheduleRender();
  });

  socket.on("deleted", () => {
    setStatus("refused", { code: "workshop_not_found", message: t("deleted", "This workshop has been deleted.") });
    socket.disconnect();
  });

  // Someone's access to this workshop was taken away: every facilitator page
  // proves again who it is (the server has already stopped sending it changes).
  socket.on("reauth", () => {
    socket.disconnect();
    socket.connect();
  });

  socket.on("connect", () => {
    setStatus("online");
    flush();
  });
  socket.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return; // we hung up (deleted workshop): keep saying why
    setStatus("offline");
    // The server hung up on us: socket.io leaves reconnecting to the page.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), RETRY_DELAY);
  });
  socket.on("connect_error", (err) => {
    // A refusal's `data` is {code, message} (docs/asyncapi.yaml ConnectError).
    if (err && err.data && err.data.code) {
      // Refused by the server (unknown code, lost identity): say why, don't loop.
      setStatus("refused", err.data);
      if (err.data.code === "server_error" || err.data.code === "unavailable") setTimeout(() => socket.connect(), 5000);
    } else {
      setStatus(live.store ? "offline" : "connecting");
    }
  });
  socket.io.on("reconnect_attempt", () => setStatus("reconnecting"));

  // A phone waking up may hold a dead socket that still looks connected.
  let hiddenAt = 0;
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      hiddenAt = Date.now();
      return;
    }
    if (live.status === "refused") return;
    if (!socket.connected) socket.connect();
    else if (Date.now() - hiddenAt > RESUME_CHECK) sync(() => socket.io.engine && socket.io.engine.close());
  });
  window.addEventListener("online", () => {
    if (!socket.connected && live.status !== "refused") socket.connect();
  });

  // ---- sending ----

  /** A facilitator's action: resolves with the ack, or a refusal-shaped error. */
  live.send = (event, payload = {}) =>
    new Promise((resolve) => {
      if (!socket.connected) {
        resolve({ ok: false, error: { code: "offline", message: t("not_connected", "Not connected. Try again in a moment.") } });
        return;
      }
      socket.timeout(ACK_TIMEOUT).emit(event, payload, (err, ack) => {
        if (err || !ack) {
          resolve({ ok: false, error: { code: "timeout", message: t("no_answer", "The server did not answer. Try again.") } });
        } else resolve(ack);
      });
    });

  /** A participant's submission: kept on the phone until the server answers. */
  live.submit = (event, payload, meta) => {
    const item = live.outbox.add(event, { ...payload, client_id: payload.client_id || newClientId() }, meta);
    flush();
    scheduleRender();
    return item;
  };

  let retryTimer = null;
  let misses = 0; // submissions in a row that got no answer, or "unavailable"
  // Doubling from RETRY_DELAY to RETRY_CEILING, each wait drawn within ±25 %:
  // a room whose server is briefly away neither hammers it every 2 s nor
  // comes back all in the same instant.
  const retryDelay = () =>
    Math.min(RETRY_CEILING, RETRY_DELAY * 2 ** (misses - 1)) * (0.75 + Math.random() / 2);

  function flush() {
    const box = live.outbox;
    if (box.inFlight || !socket.connected || !box.items.length) return;
    const item = box.items[0];
    box.inFlight = item;
    socket.timeout(ACK_TIMEOUT).emit(item.event, item.payload, (err, ack) => {
      if (box.inFlight !== item) return; // answered after we gave up on it
      box.inFlight = null;
      if (err || !ack || (!ack.ok && ack.error && ack.error.code === "unavailable")) {
        // No answer (timeout or dropped link), or the server briefly without
        // its database: keep it, send it again (same client_id: stored once).
        misses += 1;
        clearTimeout(retryTimer);
        retryTimer = setTimeout(flush, retryDelay());
        return;
      }
      misses = 0;
      box.remove(item);
      if (ack.ok) onSent(item, ack);
      else onRefused(item, ack.error || { code: "server_error", message: "" });
      scheduleRender();
      flush();
    });
  }
  live.flush = flush;

  // ---- status display ----

  const labels = {
    connecting: () => t("status_connecting", "Connecting…"),
    online: () => t("status_online", "Online"),
    offline: () => t("status_offline", "Offline"),
    reconnecting: () => t("status_reconnecting", "Reconnecting…"),
    refused: () => t("status_refused", "Not connected"),
  };
  function showStatus() {
    for (const el of $$("[data-testid=connection]")) {
      el.dataset.status = live.status;
      setText(el.querySelector(".status-label") || el, labels[live.status]());
    }
    for (const el of $$("[data-live-refused]")) {
      el.hidden = live.status !== "refused";
      setText(el.querySelector(".refused-message") || el, live.error ? live.error.message : "");
    }
    for (const el of $$("[data-live-offline]")) {
      el.hidden = !(live.status === "offline" || live.status === "reconnecting") || !live.store;
    }
  }
  showStatus();
  return live;
}
