// Chat page of the Telegram simulator: virtual users talk to the bot through
// the JSON API under /sim/api/ (see sim/README.md). Plain JavaScript, no build.
'use strict';

const API = '/sim/api';
const state = {
  users: [],
  current: null,     // id of the selected user
  seq: 0,            // the highest message seq seen in this chat
  seen: new Set(),   // ids of messages already shown
  keyboard: null,    // the reply keyboard under the input: {rows, oneTime}
  poll: 0,           // generation: a new chat stops the old polling loop
};
const $ = (id) => document.getElementById(id);

async function call(method, path, body) {
  const res = await fetch(API + path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

let errorTimer;
function showError(err) {
  const box = $('error');
  box.textContent = 'Lỗi: ' + err.message;
  box.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { box.hidden = true; }, 6000);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fullName = (u) => [u.first_name, u.last_name].filter(Boolean).join(' ');

// ---- users ----

async function loadUsers() {
  state.users = await call('GET', '/users');
  renderUsers();
}

function renderUsers() {
  const list = $('users');
  list.replaceChildren();
  for (const u of state.users) {
    const li = document.createElement('li');
    li.dataset.id = u.id;
    li.textContent = fullName(u);
    if (u.id === state.current) li.classList.add('active');
    const sub = document.createElement('small');
    sub.textContent = `#${u.id}` + (u.phone ? ` · ${u.phone}` : '') + (u.blocked ? ' · đã chặn bot' : '');
    li.append(sub);
    li.addEventListener('click', () => selectUser(u.id));
    list.append(li);
  }
}

function selectUser(id) {
  state.current = id;
  state.seq = 0;
  state.seen.clear();
  state.keyboard = null;
  $('messages').replaceChildren();
  renderKeyboard();
  renderUsers();
  const u = state.users.find((x) => x.id === id);
  $('chat-with').textContent = u ? `Đang trò chuyện với tư cách ${fullName(u)} (#${id})` : `#${id}`;
  $('chat').classList.add('has-user');
  document.body.classList.remove('users-open');
  localStorage.setItem('sim-user', String(id));
  state.poll++;
  pollMessages(state.poll, id);
}

$('new-user').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    const u = await call('POST', '/users', {
      first_name: $('new-user-first').value,
      last_name: $('new-user-last').value,
      phone: $('new-user-phone').value,
    });
    $('new-user').reset();
    await loadUsers();
    selectUser(u.id);
  } catch (err) { showError(err); }
});

$('toggle-users').addEventListener('click', () => document.body.classList.toggle('users-open'));

// ---- messages ----

async function pollMessages(gen, userID) {
  while (gen === state.poll) {
    try {
      const msgs = await call('GET', `/users/${userID}/messages?after=${state.seq}&wait=25`);
      if (gen !== state.poll) return;
      for (const m of msgs) {
        state.seq = Math.max(state.seq, m.seq);
        showMessage(m);
      }
    } catch (err) {
      if (gen !== state.poll) return;
      showError(err);
      await sleep(2000);
    }
  }
}

function showMessage(m) {
  const first = !state.seen.has(m.id);
  state.seen.add(m.id);
  // a reply keyboard changes with new bot messages only, not with edits
  if (first && m.from === 'bot' && !m.deleted) {
    if (m.reply_keyboard) state.keyboard = { rows: m.reply_keyboard, oneTime: !!m.one_time_keyboard };
    if (m.remove_keyboard) state.keyboard = null;
    renderKeyboard();
  }
  const li = renderMessage(m);
  const old = document.getElementById('msg-' + m.id);
  if (old) {
    old.replaceWith(li);
  } else {
    const list = $('messages');
    const after = [...list.children].find((x) => Number(x.dataset.id) > m.id);
    list.insertBefore(li, after || null);
    scrollToEnd();
  }
}

function scrollToEnd() {
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
}

function renderMessage(m) {
  const li = document.createElement('li');
  li.id = 'msg-' + m.id;
  li.className = 'msg ' + (m.from === 'bot' ? 'bot-msg' : 'user-msg');
  li.dataset.id = m.id;
  li.dataset.seq = m.seq;
  if (m.edited) li.classList.add('edited');
  if (m.deleted) {
    li.classList.add('deleted');
    li.textContent = 'Tin nhắn đã bị xoá';
    return li;
  }
  for (const f of m.files || []) {
    if (f.kind === 'photo') {
      const img = document.createElement('img');
      img.src = f.url;
      img.alt = 'Ảnh';
      img.addEventListener('load', scrollToEnd);
      li.append(img);
    } else {
      const a = document.createElement('a');
      a.className = 'file';
      a.href = f.url;
      a.download = f.name || 'tep';
      a.textContent = `📎 ${f.name || 'tệp'} (${formatSize(f.size)})`;
      li.append(a);
    }
  }
  if (m.contact) li.append(`📱 ${[m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ')}: ${m.contact.phone}`);
  if (m.location) li.append(`📍 ${m.location.latitude}, ${m.location.longitude}`);
  if (m.text) {
    const body = document.createElement('span');
    body.className = 'text';
    body.append(...renderText(m.text, m.entities || []));
    li.append(body);
  }
  if (m.inline_keyboard) {
    const kb = document.createElement('div');
    kb.className = 'inline-kb';
    for (const row of m.inline_keyboard) {
      const r = document.createElement('div');
      r.className = 'inline-row';
      for (const b of row) r.append(inlineButton(m, b));
      kb.append(r);
    }
    li.append(kb);
  }
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = (m.edited ? 'đã sửa · ' : '') + new Date(m.date * 1000).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
  li.append(meta);
  return li;
}

function inlineButton(m, b) {
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'inline-btn';
  btn.textContent = b.text;
  btn.dataset.msg = m.id;
  if (b.data) btn.dataset.data = b.data;
  btn.addEventListener('click', async () => {
    if (b.url) { window.open(b.url, '_blank', 'noopener'); return; }
    if (!b.data) return;
    try { await call('POST', `/users/${state.current}/press`, { message_id: m.id, data: b.data }); } catch (err) { showError(err); }
  });
  return btn;
}

// renderText applies entities; their offsets count UTF-16 units, which is
// what JavaScript strings index.
function renderText(text, entities) {
  const marks = new Set([0, text.length]);
  for (const e of entities) { marks.add(e.offset); marks.add(e.offset + e.length); }
  const cuts = [...marks].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i], to = cuts[i + 1];
    let node = document.createTextNode(text.slice(from, to));
    for (const e of entities) {
      if (e.offset <= from && e.offset + e.length >= to) node = wrap(node, e);
    }
    out.push(node);
  }
  return out;
}

const entityTags = { bold: 'b', italic: 'i', underline: 'u', strikethrough: 's', code: 'code', pre: 'pre' };
function wrap(node, e) {
  let el;
  if (e.type === 'text_link' || e.type === 'url') {
    el = document.createElement('a');
    el.href = e.url || node.textContent;
    el.target = '_blank';
    el.rel = 'noopener';
  } else if (entityTags[e.type]) {
    el = document.createElement(entityTags[e.type]);
  } else {
    el = document.createElement('span');
    el.className = e.type.replace('expandable_', '');
  }
  el.append(node);
  return el;
}

function formatSize(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
  return (n / 1024 / 1024).toFixed(1) + ' MB';
}

// ---- sending ----

async function send(body) {
  if (!state.current) return;
  try {
    await call('POST', `/users/${state.current}/send`, body);
    if (state.keyboard && state.keyboard.oneTime) { state.keyboard = null; renderKeyboard(); }
  } catch (err) { showError(err); }
}

$('composer').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = $('text').value;
  if (!text.trim()) return;
  $('text').value = '';
  send({ text });
});

$('share-contact').addEventListener('click', () => send({ contact: true }));

function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

$('photo-input').addEventListener('change', async (ev) => {
  const file = ev.target.files[0];
  ev.target.value = '';
  if (!file) return;
  const caption = $('text').value;
  $('text').value = '';
  send({ photo: await readFile(file), caption });
});

$('document-input').addEventListener('change', async (ev) => {
  const file = ev.target.files[0];
  ev.target.value = '';
  if (!file) return;
  send({ document: await readFile(file), file_name: file.name });
});

$('location-toggle').addEventListener('click', () => { $('location-form').hidden = !$('location-form').hidden; });
$('send-location').addEventListener('click', () => {
  $('location-form').hidden = true;
  send({ location: { latitude: Number($('location-lat').value), longitude: Number($('location-lon').value) } });
});

function renderKeyboard() {
  const box = $('reply-keyboard');
  box.replaceChildren();
  box.hidden = !state.keyboard;
  if (!state.keyboard) return;
  for (const row of state.keyboard.rows) {
    const r = document.createElement('div');
    r.className = 'reply-row';
    for (const b of row) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'reply-btn';
      btn.textContent = b.text;
      if (b.request_contact) btn.dataset.request = 'contact';
      if (b.request_location) btn.dataset.request = 'location';
      btn.addEventListener('click', () => {
        if (b.request_contact) send({ contact: true });
        else if (b.request_location) send({ location: { latitude: Number($('location-lat').value), longitude: Number($('location-lon').value) } });
        else send({ text: b.text });
      });
      r.append(btn);
    }
    box.append(r);
  }
}

// ---- the bot's command menu ----

$('menu').addEventListener('click', async () => {
  const box = $('commands');
  if (!box.hidden) { box.hidden = true; return; }
  try {
    const bot = await call('GET', '/bot');
    box.replaceChildren();
    if (bot.commands.length === 0) box.append('Bot chưa đặt lệnh nào.');
    for (const c of bot.commands) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'command-btn';
      btn.dataset.command = c.command;
      btn.textContent = `/${c.command} — ${c.description}`;
      btn.addEventListener('click', () => { box.hidden = true; send({ text: '/' + c.command }); });
      box.append(btn);
    }
    box.hidden = false;
  } catch (err) { showError(err); }
});

// ---- start ----

(async function start() {
  try {
    const bot = await call('GET', '/bot');
    $('bot-name').textContent = bot.first_name + (bot.username ? ` (@${bot.username})` : '');
    await loadUsers();
    const saved = Number(localStorage.getItem('sim-user'));
    if (state.users.some((u) => u.id === saved)) selectUser(saved);
  } catch (err) { showError(err); }
  // users may also be added through the API
  setInterval(() => loadUsers().catch(() => {}), 5000);
})();
