/* gongwen — the pages: one plain script, no framework.
 *
 * A single-page application on hash routes (#/login, #/applications,
 * #/applications/ID, …/documents, …/history, #/users, #/bureau) over the
 * JSON API of `gongwen serve`.  Data reaches the page only as text: every
 * element is built with createElement and every value goes in through
 * textContent or .value, never as markup.  The rules are the server's
 * (POST /api/check); the page only flags what cannot be right at a field
 * (a date that does not exist, a port outside 1–65535, a 統一編號 whose
 * check digit fails) and shows the server's reasons beside the fields. */
'use strict';

/* ---------- small helpers ---------- */

function h(tag, attrs) {
	var el = document.createElement(tag);
	if (attrs) {
		Object.keys(attrs).forEach(function (k) {
			var v = attrs[k];
			if (v === null || v === undefined || v === false) return;
			if (k === 'text') el.textContent = v;
			else if (k === 'class') el.className = v;
			else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
			else if (k === 'value') el.value = v;
			else if (k === 'checked') el.checked = !!v;
			else if (k === 'readOnly') el.readOnly = !!v;
			else if (k === 'disabled') el.disabled = !!v;
			else el.setAttribute(k, v === true ? '' : String(v));
		});
	}
	for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
	return el;
}

function add(el, c) {
	if (c === null || c === undefined || c === false) return;
	if (Array.isArray(c)) { c.forEach(function (x) { add(el, x); }); return; }
	el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
}

function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

function say(text) {
	var a = document.getElementById('announce');
	a.textContent = '';
	setTimeout(function () { a.textContent = text; }, 50);
}

var STATUS = {
	draft: '草稿', received: '已收件', incomplete: '待補正', under_review: '審查中',
	returned: '已檢還', approved: '已核准'
};
var ROLE = {
	clerk: '機關承辦人', window: '收件窗口', admin: '資訊機房管理人員', security: '資通安全專職人員',
	network: '網路連線管理人員', antivirus: '防毒軟體業務承辦人', mdr: 'MDR/EDR業務承辦人',
	vans: 'VANS業務承辦人', chief: '網路資安科主管', manager: '系統管理者'
};
var REVIEWERS = ['admin', 'security', 'network', 'antivirus', 'mdr', 'vans'];
var KINDS = ['移入', '移出', '攜入', '攜出'];
var TYPES = ['Server(AP)', 'Server(DB)', 'Server(VM)', 'Server(WEB AP)', 'Server(WEB AP+DB)',
	'Disk Array', 'Storage', 'Network', 'Embedded', 'Parts'];
var REPORTS = [['source_code_scan', '原始碼檢測'], ['host_vuln_scan', '主機弱點掃描'],
	['web_vuln_scan', '網站應用程式弱點掃描'], ['pentest', '滲透測試'],
	['malware_scan', '病毒及惡意程式偵測'], ['patch_status', '弱點、漏洞修補']];
var SOFTWARE = [['antivirus', '防毒軟體'], ['mdr', 'MDR'], ['vans', 'VANS']];

/* ---------- dates ---------- */

function isoValid(s) {
	var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
	if (!m) return false;
	var y = +m[1], mo = +m[2], d = +m[3];
	if (mo < 1 || mo > 12 || d < 1) return false;
	var dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
	return d <= dim;
}

/* 2026-12-10 → 中華民國115年12月10日 (ROC year = Gregorian − 1911). */
function roc(s) {
	if (!isoValid(s)) return s || '';
	var p = s.split('-');
	return '中華民國' + (+p[0] - 1911) + '年' + (+p[1]) + '月' + (+p[2]) + '日';
}

/* ---------- field facts (flags at the field; the server's check is the authority) ---------- */

/* 統一編號: weights 1,2,1,2,1,2,4,1, digits of each product summed, total
 * divisible by 5; a 7th digit 7 (product 28) counts as 1 or 0. */
function taxIdOk(s) {
	if (!/^\d{8}$/.test(s)) return false;
	var w = [1, 2, 1, 2, 1, 2, 4, 1], sum = 0;
	for (var i = 0; i < 8; i++) {
		var p = (+s[i]) * w[i];
		sum += Math.floor(p / 10) + (p % 10);
	}
	if (sum % 5 === 0) return true;
	return s[6] === '7' && (sum + 1) % 5 === 0;
}

function portFlag(v) {
	if (v === '' || v === undefined || v === null) return '';
	var parts = String(v).split(/[,，、]/);
	for (var i = 0; i < parts.length; i++) {
		var t = parts[i].trim(), m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(t);
		if (!m) return '埠號應為1至65535之數字';
		var a = +m[1], b = m[2] ? +m[2] : a;
		if (a < 1 || a > 65535 || b < 1 || b > 65535 || b < a) return '埠號應在1至65535之間';
	}
	return '';
}

/* ---------- the session and the API ---------- */

var me = null;                  /* {user, roles, agency, csrf, display} */

function hasRole(r) { return !!me && (me.roles || []).indexOf(r) >= 0; }

function ApiError(status, body) {
	this.status = status;
	this.body = body || {};
	this.message = (body && body.error) || ('伺服器回應 ' + status);
}

function api(method, path, body, headers) {
	var opt = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
	if (body !== undefined) {
		opt.headers['Content-Type'] = 'application/json';
		opt.body = JSON.stringify(body);
	}
	if (method !== 'GET' && me && me.csrf) opt.headers['X-CSRF-Token'] = me.csrf;
	if (headers) Object.keys(headers).forEach(function (k) { opt.headers[k] = headers[k]; });
	return fetch(path, opt).then(function (r) {
		return r.text().then(function (t) {
			var j = null;
			try { j = t ? JSON.parse(t) : {}; } catch (e) { j = { error: t }; }
			if (r.status === 401 && path !== '/api/login') {
				sessionLost();
				throw new ApiError(401, j);
			}
			if (!r.ok) throw new ApiError(r.status, j);
			j = j || {};
			j._etag = r.headers.get('ETag');
			return j;
		});
	}, function () {
		throw new ApiError(0, { error: '無法連線到伺服器，請稍後再試。' });
	});
}

/* The session ended (idle timeout, logout elsewhere): keep any draft being
 * edited in this browser, go to the login page, come back here after. */
var lostOnce = false;
function sessionLost() {
	if (lostOnce) return;
	lostOnce = true;
	if (editor && editor.editable) keepDraft();
	me = null;
	sessionStorage.removeItem('gw-csrf');
	var back = location.hash && location.hash.indexOf('#/login') !== 0 ? location.hash : '#/applications';
	sessionStorage.setItem('gw-back', back);
	sessionStorage.setItem('gw-lost', '1');
	editor = null;
	location.hash = '#/login';
}

function logout() {
	var done = function () {
		me = null;
		sessionStorage.removeItem('gw-csrf');
		location.hash = '#/login';
		route();
	};
	flushSave().then(function (saved) {
		/* a shared computer keeps nothing of a clerk who logged out with everything saved */
		if (saved !== false) Object.keys(localStorage).forEach(function (k) {
			if (k.indexOf('gw-draft-' + (me ? me.user : '') + '-') === 0) localStorage.removeItem(k);
		});
		return api('POST', '/api/logout', {});
	}).then(done, done);
}

/* ---------- the frame: header, navigation ---------- */

function frame() {
	var nav = document.getElementById('nav'), who = document.getElementById('who');
	clear(nav); clear(who);
	if (!me) { nav.hidden = true; who.hidden = true; return; }
	var here = location.hash.split('/')[1] || '';
	var links = [['applications', '申請案件']];
	if (hasRole('manager')) { links.push(['users', '帳號管理']); links.push(['bureau', '機關資料']); }
	var ul = h('ul');
	links.forEach(function (l) {
		ul.appendChild(h('li', null, h('a', { href: '#/' + l[0], 'aria-current': here === l[0] ? 'page' : null, text: l[1] })));
	});
	nav.appendChild(ul);
	nav.hidden = false;
	var roles = (me.roles || []).map(function (r) { return ROLE[r] || r; }).join('、');
	who.appendChild(h('span', { text: (me.display || me.user) + '（' + roles + (me.agency ? '，' + me.agency : '') + '）' }));
	who.appendChild(h('button', { type: 'button', onclick: logout, text: '登出' }));
	who.hidden = false;
}

function page(title, sub) {
	var main = clear(document.getElementById('main'));
	document.title = title + '｜資訊機房設備移（攜）出入申請';
	var h1 = h('h1', { tabindex: '-1', text: title });
	main.appendChild(h1);
	if (sub) main.appendChild(sub);
	return main;
}

function focusTitle() {
	var h1 = document.querySelector('main h1');
	if (h1) h1.focus();
}

function errorBox(main, err) {
	var box = h('div', { class: 'alert', role: 'alert', tabindex: '-1' }, h('p', { text: err.message }));
	main.appendChild(box);
	return box;
}

/* ---------- router ---------- */

var editor = null;              /* the application being edited, see openEditor */

function route() {
	var hash = location.hash || '#/applications';
	if (hash.indexOf('#/') !== 0) return;
	var parts = hash.slice(2).split('/').map(function (p) {
		try { return decodeURIComponent(p); } catch (e) { return p; }
	});
	if (parts[0] !== 'applications' || parts[1] !== (editor && editor.id) || parts.length > 2) {
		if (editor) { var e = editor; flushSave(); e.closed = true; editor = null; }
	}
	if (!me && parts[0] !== 'login') {
		sessionStorage.setItem('gw-back', hash);
		location.replace('#/login');
		return showLogin();
	}
	frame();
	switch (parts[0]) {
	case 'login': return showLogin();
	case 'applications':
		if (!parts[1]) return showList();
		if (parts[1] === 'new') return newApplication();
		if (parts[2] === 'documents') return showDocuments(parts[1]);
		if (parts[2] === 'history') return showHistory(parts[1]);
		return openEditor(parts[1]);
	case 'users': return showUsers();
	case 'bureau': return showBureau();
	default: location.replace('#/applications');
	}
}

/* ---------- 1. login ---------- */

function showLogin() {
	frame();
	var main = page('登入');
	var lost = sessionStorage.getItem('gw-lost');
	var box = h('form', { class: 'login panel', novalidate: true });
	if (lost) {
		box.appendChild(h('div', { class: 'notice', role: 'status' },
			h('p', { text: '登入已逾時或已結束，請重新登入。您正在編輯的草稿已保留在此瀏覽器，登入後會繼續。' })));
	}
	var err = h('div', { role: 'alert', class: 'field-err', id: 'login-err' });
	var u = h('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true });
	var p = h('input', { id: 'login-pass', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
	box.appendChild(h('div', { class: 'field' }, h('label', { for: 'login-user', text: '帳號' }), u));
	box.appendChild(h('div', { class: 'field' }, h('label', { for: 'login-pass', text: '密碼' }), p));
	box.appendChild(err);
	box.appendChild(h('button', { type: 'submit', class: 'primary', text: '登入' }));
	box.addEventListener('submit', function (ev) {
		ev.preventDefault();
		err.textContent = '';
		if (!u.value || !p.value) {
			err.textContent = !u.value ? '請輸入帳號。' : '請輸入密碼。';
			(!u.value ? u : p).focus();
			return;
		}
		api('POST', '/api/login', { user: u.value, password: p.value }).then(function (j) {
			me = j;
			lostOnce = false;
			sessionStorage.setItem('gw-csrf', j.csrf || '');
			sessionStorage.removeItem('gw-lost');
			var back = sessionStorage.getItem('gw-back') || '#/applications';
			sessionStorage.removeItem('gw-back');
			if (back.indexOf('#/login') === 0) back = '#/applications';
			if (location.hash === back) route(); else location.hash = back;
		}, function (e) {
			err.textContent = e.status === 429 ? '嘗試次數過多，請稍後再試。'
				: e.status === 401 || e.status === 403 ? '帳號或密碼不正確。' : e.message;
			p.value = '';
			p.focus();
		});
	});
	main.appendChild(box);
	u.focus();
}

/* ---------- 2. the list ---------- */

function showList() {
	var main = page('申請案件');
	if (hasRole('clerk')) {
		main.appendChild(h('p', null, h('a', { class: 'button primary', href: '#/applications/new', text: '新增申請' })));
	}
	var status = h('select', { id: 'flt-status' }, h('option', { value: '', text: '全部' }));
	Object.keys(STATUS).forEach(function (k) { status.appendChild(h('option', { value: k, text: STATUS[k] })); });
	var agency = h('select', { id: 'flt-agency' }, h('option', { value: '', text: '全部' }));
	var q = h('input', { id: 'flt-q', type: 'search' });
	var filters = h('form', { class: 'filters', role: 'search', 'aria-label': '篩選申請案件', onsubmit: function (e) { e.preventDefault(); } },
		h('div', null, h('label', { for: 'flt-status', text: '狀態' }), status),
		h('div', null, h('label', { for: 'flt-agency', text: '申請機關' }), agency),
		h('div', null, h('label', { for: 'flt-q', text: '搜尋（申請單號或系統名稱）' }), q));
	main.appendChild(filters);
	var count = h('p', { role: 'status', 'aria-live': 'polite' });
	main.appendChild(count);
	var wrap = h('div', { class: 'table-wrap' });
	main.appendChild(wrap);
	focusTitle();
	api('GET', '/api/applications').then(function (j) {
		var apps = j.applications || [];
		var seen = {};
		apps.forEach(function (a) {
			if (a.agency && !seen[a.agency]) { seen[a.agency] = 1; agency.appendChild(h('option', { value: a.agency, text: a.agency })); }
		});
		var draw = function () {
			var s = status.value, g = agency.value, t = q.value.trim().toLowerCase();
			var rows = apps.filter(function (a) {
				return (!s || a.status === s) && (!g || a.agency === g) &&
					(!t || String(a.id || '').toLowerCase().indexOf(t) >= 0 ||
					 String(a.system || '').toLowerCase().indexOf(t) >= 0);
			});
			count.textContent = '共 ' + rows.length + ' 件';
			clear(wrap);
			if (!rows.length) { wrap.appendChild(h('p', { text: apps.length ? '沒有符合條件的申請案件。' : '尚無申請案件。' })); return; }
			var tb = h('tbody');
			rows.forEach(function (a) {
				var missing = a.missing;
				if (Array.isArray(missing)) missing = missing.join('；');
				var cell = h('td', { 'data-label': '待辦或缺漏', text: missing || '' });
				if (missing === undefined) fillMissing(a, cell);
				tb.appendChild(h('tr', null,
					h('td', { 'data-label': '申請單號' }, h('a', { href: '#/applications/' + encodeURIComponent(a.id), text: a.id })),
					h('td', { 'data-label': '申請機關', text: a.agency || '' }),
					h('td', { 'data-label': '系統名稱', text: a.system || '' }),
					h('td', { 'data-label': '預定日期', text: roc(a.planned) }),
					h('td', { 'data-label': '狀態' }, h('span', { class: 'status', text: STATUS[a.status] || a.status || '' })),
					cell));
			});
			wrap.appendChild(h('table', { class: 'list' },
				h('caption', { class: 'sr-only', text: '申請案件一覽' }),
				h('thead', null, h('tr', null, ['申請單號', '申請機關', '系統名稱', '預定日期', '狀態', '待辦或缺漏'].map(function (c) {
					return h('th', { scope: 'col', text: c });
				}))), tb));
		};
		[status, agency].forEach(function (x) { x.addEventListener('change', draw); });
		q.addEventListener('input', draw);
		draw();
	}, function (e) { if (e.status !== 401) errorBox(main, e); });
}

/* What an application still lacks, from its status (the rules and the
 * reviews); asked for a few rows at a time, each answer cached by id and
 * status for the life of the page. */
var missingCache = {}, missingCells = {}, missingQueue = [], missingBusy = 0;
function fillMissing(a, cell) {
	var key = a.id + '|' + a.status;
	if (missingCache[key] !== undefined) { cell.textContent = missingCache[key]; return; }
	if (missingCells[key]) { missingCells[key].push(cell); return; }
	missingCells[key] = [cell];
	missingQueue.push(function () {
		return api('GET', '/api/applications/' + encodeURIComponent(a.id) + '/status').then(function (st) {
			var out = [], f = st.failures || [];
			if (f.length) out.push(f.length + ' 項規則不符');
			if (['received', 'incomplete', 'under_review'].indexOf(a.status) >= 0) {
				var rv = (st.reviews || []).filter(function (r) { return r.role !== 'chief'; });
				var bad = rv.filter(function (r) { return r.result === 'fail'; }).map(function (r) { return r.title || ROLE[r.role]; });
				var todo = rv.filter(function (r) { return !r.result; }).length;
				if (bad.length) out.push('審查不符：' + bad.join('、'));
				if (todo) out.push(todo + ' 位審查人員未審查');
				if (st.can_approve) out.push('可核准');
			}
			missingCache[key] = out.join('；');
			missingCells[key].forEach(function (c) { c.textContent = missingCache[key]; });
			delete missingCells[key];
		}, function () { delete missingCells[key]; /* the cells stay empty */ });
	});
	pumpMissing();
}
function pumpMissing() {
	while (missingBusy < 3 && missingQueue.length) {
		missingBusy++;
		missingQueue.shift()().then(function () { missingBusy--; pumpMissing(); });
	}
}

/* ---------- 3. the editor ---------- */

function blankDevice(seq) {
	return {
		seq: seq, type: '', name: '', hostname: '', brand: '', model: '', serial: '', qty: 1,
		power: '', os: '', os_version: '', database: '', software: '', purpose: '',
		public_website: false, large_public_site: false, needs_ip: { internal: false, external: false },
		maintainer: '', warranty_until: '',
		security_software: { antivirus: { installed: false, evidence: '' }, mdr: { installed: false, evidence: '' }, vans: { installed: false, evidence: '' } },
		golive_record: false, reports: []
	};
}

function blankApplication() {
	return {
		agency: { name: (me && me.agency) || '', short_name: '', code: '', unit: '', address: '', head_title: '', head_name: '' },
		applicant: { name: '', title: '', phone: '', ext: '', fax: '', email: '' },
		letter: { date: '', doc_no: '', urgency: '普通件', attachments: '如說明二' },
		move: { kind: '移入', system_name: '', reason: '', planned_date: '', planned_time: '',
			vendor: { name: '', tax_id: '', engineer: '', phone: '' } },
		form_front: { sealed: false, original: false },
		devices: [blankDevice(1)],
		network: { filed: false, rules: [], period: { from: '', to: '' } },
		vpn: { filed: false, accounts: [], targets: [], period: { from: '', to: '' }, reason: '' },
		bureau: { asset_no: '', coordination: '', vm_location: '', admin_account: '' }
	};
}

function newApplication() {
	var main = page('新增申請');
	main.appendChild(h('p', { role: 'status', text: '建立草稿中…' }));
	api('POST', '/api/applications', blankApplication()).then(function (j) {
		location.replace('#/applications/' + encodeURIComponent(j.id));
	}, function (e) { if (e.status !== 401) errorBox(main, e).focus(); });
}

/* JSON paths as the server names fields: devices[2].serial */
function parsePath(p) {
	var out = [];
	String(p).replace(/([^.[\]]+)|\[(\d+)\]/g, function (m, name, idx) { out.push(idx !== undefined ? +idx : name); return m; });
	return out;
}
function getPath(obj, p) {
	var k = parsePath(p);
	for (var i = 0; i < k.length; i++) { if (obj === null || obj === undefined) return undefined; obj = obj[k[i]]; }
	return obj;
}
function setPath(obj, p, v) {
	var k = parsePath(p);
	for (var i = 0; i < k.length - 1; i++) {
		if (obj[k[i]] === null || typeof obj[k[i]] !== 'object') obj[k[i]] = typeof k[i + 1] === 'number' ? [] : {};
		obj = obj[k[i]];
	}
	if (v === undefined) delete obj[k[k.length - 1]];
	else obj[k[k.length - 1]] = v;
}
function idOf(p) { return 'f-' + String(p).replace(/[^A-Za-z0-9_]/g, '-'); }

/* Attachments follow their devices (docs/web.md): each device of the tree
 * remembers the seq it has on the server (ed.origin, a WeakMap: nothing of
 * it goes into the JSON), ed.savedSeqs the server's devices in order.  When
 * devices have been moved or deleted since, a save sends device_map
 * {"OLD": NEW or null}, and the server moves the attachments in the same
 * transaction. */
function markSaved(ed, devs, origins) {
	ed.origin = new WeakMap();
	(devs || []).forEach(function (d, i) {
		var o = origins ? origins[i] : ed.savedSeqs[i];
		if (o) ed.origin.set(d, o);
	});
}
function deviceMap(ed) {
	var map = {}, same = true;
	ed.savedSeqs.forEach(function (s) { map[s] = null; });
	(ed.tree.devices || []).forEach(function (d, i) {
		var o = ed.origin.get(d);
		if (o !== undefined && o in map) map[o] = i + 1;
	});
	ed.savedSeqs.forEach(function (s) { if (map[s] !== s) same = false; });
	return same ? null : map;
}

/* Unsaved edits are kept per account and application until the server has them. */
function draftKey(id) { return 'gw-draft-' + (me ? me.user : '') + '-' + id; }
function keepDraft() {
	if (!editor || !editor.dirty) return;
	try {
		localStorage.setItem(draftKey(editor.id), JSON.stringify({ version: editor.version, tree: editor.tree, at: Date.now(),
			origins: (editor.tree.devices || []).map(function (d) { return editor.origin.get(d) || 0; }) }));
	} catch (e) { /* storage full or off: nothing more to do */ }
}

function openEditor(id) {
	var main = page('申請單 ' + id, tabs(id, 'form'));
	var status = h('p', { role: 'status', text: '載入中…' });
	main.appendChild(status);
	focusTitle();
	api('GET', '/api/applications/' + encodeURIComponent(id)).then(function (j) {
		if (location.hash.indexOf('#/applications/' + encodeURIComponent(id)) !== 0 &&
		    location.hash.indexOf('#/applications/' + id) !== 0) return;
		main.removeChild(status);
		var st = j.status || 'draft';
		var editable = hasRole('clerk') && (st === 'draft' || st === 'returned');
		editor = {
			id: id, tree: j.application || {}, version: j.version, status: st, editable: editable,
			dirty: false, saving: null, timer: null, checkTimer: null, fields: {}, failures: [], closed: false,
			showAll: st !== 'draft'
		};
		editor.savedSeqs = (editor.tree.devices || []).map(function (d, i) { return d.seq || i + 1; });
		markSaved(editor, editor.tree.devices);
		var kept = localStorage.getItem(draftKey(id));
		var restored = false;
		if (kept && editable) {
			try {
				var k = JSON.parse(kept);
				if (String(k.version) === String(j.version)) {
					editor.tree = k.tree; editor.dirty = true; restored = true;
					markSaved(editor, editor.tree.devices, k.origins);
				}
			} catch (e) { /* a broken copy is dropped */ }
		}
		if (kept && !restored) localStorage.removeItem(draftKey(id));
		buildEditor(main, j);
		if (restored) {
			say('已還原您上次未儲存的修改，正在儲存。');
			editor.restoredNote.textContent = '已還原您上次未儲存的修改。';
			save();
		}
		runCheck();
	}, function (e) {
		if (e.status === 401) return;
		status.textContent = '';
		if (e.status === 404) errorBox(main, { message: '找不到申請單 ' + id + '，或您沒有權限查看。' }).focus();
		else errorBox(main, e).focus();
	});
}

function tabs(id, here) {
	var t = [['form', '申請單', ''], ['documents', '文件', '/documents'], ['history', '歷程', '/history']];
	var ul = h('ul');
	t.forEach(function (x) {
		ul.appendChild(h('li', null, h('a', { href: '#/applications/' + encodeURIComponent(id) + x[2], 'aria-current': here === x[0] ? 'page' : null, text: x[1] })));
	});
	return h('nav', { class: 'tabs', 'aria-label': '申請單頁籤' }, ul);
}

/* One input bound to a path of editor.tree. opt: {type, label, hint, wide, rows, flag, options, sr} */
function field(path, label, opt) {
	opt = opt || {};
	var ed = editor, id = idOf(path), v = getPath(ed.tree, path);
	var ro = !ed.editable;
	var input, wrap;
	var err = h('p', { class: 'field-err', id: id + '-err' });
	var extra = [];
	var described = [id + '-err'];
	var lab = h('label', { for: id }, opt.sr ? h('span', { class: 'sr-only', text: opt.sr }) : null, label);
	if (opt.type === 'select') {
		input = h('select', { id: id, disabled: ro });
		if (opt.blank !== false) input.appendChild(h('option', { value: '', text: '請選擇' }));
		opt.options.forEach(function (o) {
			var val = Array.isArray(o) ? o[0] : o, txt = Array.isArray(o) ? o[1] : o;
			input.appendChild(h('option', { value: val, text: txt }));
		});
		if (v && opt.options.map(function (o) { return Array.isArray(o) ? o[0] : o; }).indexOf(v) < 0)
			input.appendChild(h('option', { value: v, text: v }));
		input.value = v === undefined || v === null ? '' : String(v);
	} else if (opt.type === 'textarea') {
		input = h('textarea', { id: id, rows: opt.rows || 3, readOnly: ro, value: v === undefined || v === null ? '' : String(v) });
	} else if (opt.type === 'check') {
		input = h('input', { id: id, type: 'checkbox', checked: !!v, disabled: ro });
		wrap = h('div', { class: 'checkfield' + (opt.wide ? ' full' : '') }, input, lab, err);
	} else {
		var t = opt.type === 'date' ? 'date' : opt.type === 'int' ? 'number' : opt.type === 'email' ? 'email' : opt.type === 'tel' ? 'tel' : 'text';
		input = h('input', { id: id, type: t, readOnly: ro, autocomplete: opt.autocomplete || 'off' });
		if (t === 'number') { input.setAttribute('min', '0'); input.setAttribute('step', '1'); input.setAttribute('inputmode', 'numeric'); }
		if (opt.type === 'port') input.setAttribute('inputmode', 'numeric');
		input.value = v === undefined || v === null ? '' : String(v);
		if (t === 'date') {
			var r = h('p', { class: 'roc', id: id + '-roc', text: v ? roc(v) : '' });
			extra.push(r);
			described.push(id + '-roc');
		}
	}
	if (opt.hint) { extra.push(h('p', { class: 'hint', id: id + '-hint', text: opt.hint })); described.push(id + '-hint'); }
	input.setAttribute('aria-describedby', described.join(' '));
	input.dataset.path = path;
	var f = { ed: ed, path: path, el: input, err: err, local: '', server: [], type: opt.type || 'text', flag: opt.flag };
	ed.fields[path] = f;
	if (!ro) {
		input.addEventListener(opt.type === 'check' || opt.type === 'select' ? 'change' : 'input', function () {
			var val;
			if (opt.type === 'check') val = input.checked;
			else if (opt.type === 'int') val = input.value === '' ? undefined : (/^\d+$/.test(input.value) ? +input.value : input.value);
			else val = input.value;
			if (opt.type === 'date' && input.validity && input.validity.badInput) val = '';
			setPath(ed.tree, path, val);
			if (opt.type === 'date') {
				var rr = document.getElementById(id + '-roc');
				if (rr) rr.textContent = isoValid(val) ? roc(val) : '';
			}
			if (opt.onchange) opt.onchange(val);
			f.server = []; /* the reasons were the old value's: the next check says */
			localFlag(f);
			changed();
		});
		if (opt.type === 'date') input.addEventListener('blur', function () { localFlag(f); });
		input.addEventListener('blur', function () { f.touched = true; showFlags(f); });
	}
	localFlag(f);
	if (opt.type === 'check') return wrap;
	return h('div', { class: 'fld' + (opt.wide ? ' full' : '') }, lab, input, extra, err);
}

/* Flags at the field for input that cannot be right. */
function localFlag(f) {
	var el = f.el, v = el.value, msg = '';
	if (f.type === 'date') {
		if (el.validity && el.validity.badInput) msg = '日期不存在，請重新輸入';
		else if (v && !isoValid(v)) msg = '日期不存在，請重新輸入';
		else {
			var tv = getPath(f.ed.tree, f.path);
			if (tv && !isoValid(tv) && !v && !(f.none && tv === '無')) msg = '日期「' + tv + '」不存在，請重新輸入';
		}
	} else if (f.type === 'port') {
		msg = portFlag(v);
	} else if (f.type === 'taxid') {
		if (v && !/^\d{8}$/.test(v)) msg = '統一編號應為8位數字';
		else if (v && !taxIdOk(v)) msg = '統一編號檢查碼不符，請確認';
	} else if (f.type === 'int') {
		if (el.validity && el.validity.badInput) msg = '請輸入數字';
		else if (v !== '' && !/^\d+$/.test(v)) msg = '請輸入0或正整數';
	}
	f.local = msg;
	showFlags(f);
}

function showFlags(f) {
	var msgs = [];
	/* The server's reasons show at a field once the clerk has been there
	 * (or asked to submit, or followed a reason): a new draft is not a
	 * page of red. */
	if (f.ed && (f.ed.showAll || f.touched || (f.type !== 'check' && f.type !== 'select' && f.el.value))) f.server.forEach(function (m) { if (msgs.indexOf(m) < 0) msgs.push(m); });
	if (f.local && !msgs.length) msgs.push(f.local); /* the instant hint, until the server's reason shows */
	f.err.textContent = msgs.join('；');
	if (msgs.length) f.el.setAttribute('aria-invalid', 'true'); else f.el.removeAttribute('aria-invalid');
}

function changed() {
	var ed = editor;
	ed.dirty = true;
	keepDraft();
	ed.saveState.textContent = '有尚未儲存的修改';
	clearTimeout(ed.timer);
	ed.timer = setTimeout(function () { save(); }, 1500);
	/* an answer to an earlier question is now out of date: wait for the next */
	ed.checkSeq = (ed.checkSeq || 0) + 1;
	ed.checkList.setAttribute('aria-busy', 'true');
	clearTimeout(ed.checkTimer);
	ed.checkTimer = setTimeout(runCheck, 400);
}

/* Save the draft (PUT with If-Match).  A stale version is refused by the
 * server (409) and nothing is overwritten: the clerk is told, the edits
 * stay in the page. */
function save(manual) {
	var ed = editor;
	if (!ed || !ed.editable || ed.stale) return Promise.resolve(false);
	clearTimeout(ed.timer);
	if (ed.saving) return ed.saving.then(function () { return ed.dirty ? save(manual) : true; });
	if (!ed.dirty && !manual) return Promise.resolve(true);
	var sent = JSON.stringify(ed.tree), body = JSON.parse(sent);
	var devs = (ed.tree.devices || []).slice(), map = deviceMap(ed);
	if (map) body.device_map = map;
	ed.saveState.textContent = '儲存中…';
	ed.saving = api('PUT', '/api/applications/' + encodeURIComponent(ed.id), body,
		{ 'If-Match': ed._etag || String(ed.version) }).then(function (j) {
		ed.saving = null;
		if (j.version !== undefined) ed.version = j.version;
		/* the server's devices are now the ones sent, in that order */
		ed.savedSeqs = devs.map(function (d, i) { return i + 1; });
		markSaved(ed, devs);
		if (map && window.GW && GW.attach) GW.attach.renumbered(ed.id, map);
		ed._etag = j._etag || null;
		if (JSON.stringify(ed.tree) === sent) { ed.dirty = false; localStorage.removeItem(draftKey(ed.id)); }
		else keepDraft();
		var t = new Date();
		ed.saveState.textContent = '草稿已儲存（' + String(t.getHours()).padStart(2, '0') + ':' + String(t.getMinutes()).padStart(2, '0') + ':' + String(t.getSeconds()).padStart(2, '0') + '）';
		if (manual) say('草稿已儲存');
		if (ed.summary.dataset.title === '無法儲存') ed.summary.hidden = true;
		if (ed.dirty && !ed.closed) ed.timer = setTimeout(function () { save(); }, 1500);
		return true;
	}, function (e) {
		ed.saving = null;
		if (e.status === 401) return false;
		if (e.status === 409 || e.status === 412) {
			ed.stale = true;
			ed.saveState.textContent = '未儲存';
			showSummary('無法儲存：此申請單已由他人修改',
				[{ text: '在您編輯期間，已有其他人儲存此申請單。為避免覆蓋對方的內容，您的修改尚未儲存。請先複製您的修改，再按「重新載入」取得最新版本。' }],
				h('button', { type: 'button', text: '重新載入', onclick: function () {
					localStorage.removeItem(draftKey(ed.id));
					ed.closed = true; editor = null; route();
				} }), !manual);
			return false;
		}
		ed.saveState.textContent = '儲存失敗';
		showSummary('無法儲存', [{ text: e.message, field: e.body.field }], null, !manual);
		return false;
	});
	return ed.saving;
}

function flushSave() {
	if (!editor || !editor.editable || !editor.dirty) return Promise.resolve(true);
	return save();
}

/* The error summary at the top of the editor: each item links to its field. */
function showSummary(title, items, extra, quiet) {
	var ed = editor, box = clear(ed.summary);
	box.hidden = false;
	box.dataset.title = title;
	box.appendChild(h('h2', { text: title }));
	var ul = h('ul');
	items.forEach(function (it) {
		var li = h('li');
		if (it.field && fieldFor(it.field)) li.appendChild(h('a', { href: '#' + idOf(it.field), text: it.text, onclick: function (e) { e.preventDefault(); goField(it.field); } }));
		else li.appendChild(document.createTextNode(it.text));
		ul.appendChild(li);
	});
	box.appendChild(ul);
	if (extra) box.appendChild(extra);
	/* an autosave's trouble is announced (role=alert), not a jump away from the field being typed in */
	if (!quiet) box.focus();
}

/* The input behind a server path, or the nearest enclosing one. */
function fieldFor(path) {
	var ed = editor, p = String(path || '');
	while (p) {
		if (ed.fields[p]) return ed.fields[p];
		var sec = document.getElementById(idOf(p));
		if (sec) return { el: sec, section: true };
		var m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(p);
		if (!m) break;
		p = m[1];
	}
	return null;
}

function goField(path) {
	var f = fieldFor(path);
	if (!f) return;
	if (!f.section) { f.touched = true; showFlags(f); }
	f.el.scrollIntoView({ block: 'center' });
	f.el.focus();
}

function runCheck() {
	var ed = editor;
	if (!ed || ed.closed) return;
	var tree = JSON.parse(JSON.stringify(ed.tree));
	if (!tree.id) tree.id = ed.id;
	/* busy, not a new text: the live region speaks only when the result changes */
	ed.checkList.setAttribute('aria-busy', 'true');
	/* only the latest question's answer is shown: an older one may come back later */
	var seq = ed.checkSeq = (ed.checkSeq || 0) + 1;
	api('POST', '/api/check', tree).then(function (j) {
		if (editor !== ed || seq !== ed.checkSeq) return;
		ed.failures = j.failures || [];
		drawCheck(j.ok !== undefined ? j.ok : !ed.failures.length);
	}, function (e) {
		if (e.status === 401 || editor !== ed || seq !== ed.checkSeq) return;
		ed.failures = [];
		if (e.body && e.body.field) ed.failures = [{ rule: '', field: e.body.field, text: e.message }];
		ed.checkList.removeAttribute('aria-busy');
		ed.checkState.textContent = '無法檢查：' + e.message;
		drawCheck(false, true);
	});
}

function drawCheck(ok, broken) {
	var ed = editor, list = clear(ed.checkList);
	Object.keys(ed.fields).forEach(function (k) { ed.fields[k].server = []; });
	ed.checkList.removeAttribute('aria-busy');
	var said = ok ? '符合全部規則，可以送出申請。' : '共 ' + ed.failures.length + ' 項不符合規則：';
	if (!broken && ed.checkState.textContent !== said) ed.checkState.textContent = said;
	ed.checkState.className = ok ? 'okbox' : (ed.failures.length ? 'alert' : '');
	ed.failures.forEach(function (f) {
		var text = f.text || f.message || '';
		var li = h('li');
		var fld = f.field ? fieldFor(f.field) : null;
		var label = [h('span', { class: 'rule', text: f.rule || '' }), text];
		if (fld) {
			li.appendChild(h('a', { href: '#' + fld.el.id, onclick: function (e) { e.preventDefault(); goField(f.field); } }, label));
			if (!fld.section) fld.server.push((f.rule ? f.rule + '：' : '') + text);
		} else li.appendChild(h('span', null, label));
		list.appendChild(li);
	});
	Object.keys(ed.fields).forEach(function (k) { showFlags(ed.fields[k]); });
	if (ed.submitBtn) ed.submitBtn.setAttribute('aria-describedby', 'check-state');
}

function submit() {
	var ed = editor;
	ed.showAll = true;
	Object.keys(ed.fields).forEach(function (k) { showFlags(ed.fields[k]); });
	var bad = Object.keys(ed.fields).map(function (k) { return ed.fields[k]; }).filter(function (f) { return f.local; });
	if (bad.length) {
		showSummary('請先修正下列欄位', bad.map(function (f) { return { text: labelOf(f) + '：' + f.local, field: f.path }; }));
		return;
	}
	save(true).then(function (okSave) {
		if (!okSave) return;
		return api('POST', '/api/applications/' + encodeURIComponent(ed.id) + '/submit', {}).then(function () {
			localStorage.removeItem(draftKey(ed.id));
			say('申請已送出');
			ed.closed = true; editor = null;
			route();
		}, function (e) {
			if (e.status === 401) return;
			var items = [];
			var fails = (e.body && e.body.failures) || null;
			if (fails) {
				ed.failures = fails; drawCheck(false);
				fails.forEach(function (f) { items.push({ text: (f.rule ? f.rule + '：' : '') + (f.text || f.message), field: f.field }); });
			} else {
				items.push({ text: e.message, field: e.body && e.body.field });
				ed.failures.forEach(function (f) { items.push({ text: (f.rule ? f.rule + '：' : '') + (f.text || f.message), field: f.field }); });
			}
			showSummary('無法送出申請', items);
		});
	});
}

function labelOf(f) {
	var l = document.querySelector('label[for="' + f.el.id + '"]');
	return l ? l.textContent : f.path;
}

function buildEditor(main, j) {
	var ed = editor, t = ed.tree;
	main.appendChild(h('p', null, '狀態：', h('span', { class: 'status', text: STATUS[ed.status] || ed.status }),
		ed.editable ? '　草稿會自動儲存。' : (hasRole('clerk') ? '　已送出的申請僅供檢視。' : '')));
	ed.restoredNote = h('p', { role: 'status' });
	main.appendChild(ed.restoredNote);
	ed.summary = h('div', { class: 'alert', tabindex: '-1', role: 'alert', hidden: true });
	main.appendChild(ed.summary);

	if (ed.status !== 'draft') main.appendChild(reviewPanel());

	var layout = h('div', { class: 'editor' });
	main.appendChild(layout);

	/* 4. the check panel */
	ed.checkState = h('p', { id: 'check-state', role: 'status', 'aria-live': 'polite' });
	ed.checkList = h('ol', { id: 'check-list' });
	layout.appendChild(h('section', { class: 'panel checkpanel', 'aria-labelledby': 'check-h' },
		h('h2', { id: 'check-h', text: '檢查結果' }),
		h('p', { class: 'hint', text: '依審查規則即時檢查；點選各項可移至該欄位。' }),
		ed.checkState, ed.checkList));

	var side = h('div', { class: 'formside' });
	layout.appendChild(side);
	side.appendChild(frontSheet());
	side.appendChild(letterSheet());
	ed.back = h('section', { class: 'sheet', 'aria-labelledby': 'back-h', id: idOf('devices') , tabindex: '-1' });
	side.appendChild(ed.back);
	drawBack();
	ed.net = h('section', { class: 'sheet', 'aria-labelledby': 'net-h', id: idOf('network'), tabindex: '-1' });
	side.appendChild(ed.net);
	drawNetwork();
	ed.vpn = h('section', { class: 'sheet', 'aria-labelledby': 'vpn-h', id: idOf('vpn'), tabindex: '-1' });
	side.appendChild(ed.vpn);
	drawVpn();
	if (window.GW && GW.attach) GW.attach.others(side);

	ed.saveState = h('span', { class: 'savestate', role: 'status', 'aria-live': 'polite' });
	if (ed.editable) {
		ed.submitBtn = h('button', { type: 'button', class: 'primary', id: 'submit-btn', text: '送出申請', onclick: submit });
		side.insertBefore(h('div', { class: 'actions' },
			h('button', { type: 'button', id: 'save-btn', text: '儲存', onclick: function () {
				var was = editor.dirty; editor.dirty = true; save(true).then(function (ok) { if (!ok) editor.dirty = editor.dirty || was; });
			} }),
			ed.submitBtn, ed.saveState), side.firstChild);
	} else main.appendChild(ed.saveState);
}

function grid() { return h('div', { class: 'grid' }); }
/* A label | value pair of the printed form's front; the label element is the field's own. */
function pair(g, fldEl, wide) {
	var lab = fldEl.querySelector('label');
	var l = h('div', { class: 'lab' });
	if (lab && fldEl.className.indexOf('checkfield') < 0) l.appendChild(lab);
	g.appendChild(l);
	fldEl.className += ' val' + (wide ? ' wide' : '');
	g.appendChild(fldEl);
}

function frontSheet() {
	var ed = editor;
	var s = h('section', { class: 'sheet', 'aria-labelledby': 'front-h' },
		h('h2', { id: 'front-h', text: '臺中市政府資訊機房設備／系統移（攜）出入申請單（第1頁，正面）' }),
		h('p', { class: 'sub', text: '申請單號：' + ed.id }));
	var g = grid();
	pair(g, field('agency.name', '申請機關', { hint: hasRole('clerk') ? '帳號所屬機關' : null }));
	if (hasRole('clerk')) ed.fields['agency.name'].el.readOnly = true;
	pair(g, field('agency.unit', '申請單位'));
	pair(g, field('applicant.title', '申請人職稱'));
	pair(g, field('applicant.name', '申請人姓名', { autocomplete: 'name' }));
	pair(g, field('letter.date', '申請日期', { type: 'date' }));
	pair(g, field('applicant.phone', '聯絡電話', { type: 'tel', hint: '例：04-22289111' }));
	pair(g, field('applicant.ext', '分機'));
	pair(g, field('applicant.fax', '傳真', { type: 'tel' }));
	pair(g, field('applicant.email', '電子信箱', { type: 'email' }), true);
	/* 申請類別: four boxes on paper, one choice */
	var kind = h('fieldset', { class: 'radios', id: idOf('move.kind'), tabindex: '-1' }, h('legend', { class: 'sr-only', text: '申請類別' }));
	KINDS.forEach(function (k, i) {
		var rid = 'f-move-kind-' + i;
		var r = h('input', { type: 'radio', name: 'move-kind', id: rid, value: k, checked: t().move && t().move.kind === k, disabled: !ed.editable });
		r.addEventListener('change', function () { if (r.checked) { setPath(ed.tree, 'move.kind', k); changed(); } });
		kind.appendChild(h('label', { for: rid }, r, k));
	});
	g.appendChild(h('div', { class: 'lab', 'aria-hidden': 'true', text: '申請類別' }));
	g.appendChild(h('div', { class: 'val wide' }, kind));
	pair(g, field('move.system_name', '系統名稱'), true);
	pair(g, field('move.reason', '移（攜）出入原因', { type: 'textarea' }), true);
	pair(g, field('move.planned_date', '預定日期', { type: 'date' }));
	pair(g, field('move.planned_time', '預定時間', { hint: '例：14:00-17:00' }));
	pair(g, field('move.vendor.name', '廠商名稱'));
	pair(g, field('move.vendor.tax_id', '統一編號', { type: 'taxid', hint: '8位數字' }));
	ed.fields['move.vendor.tax_id'].el.setAttribute('inputmode', 'numeric');
	pair(g, field('move.vendor.engineer', '廠商工程師'));
	pair(g, field('move.vendor.phone', '聯絡電話', { type: 'tel', sr: '廠商工程師' }));
	s.appendChild(g);
	var g2 = grid();
	var seal = h('div', { class: 'val wide checks' },
		field('form_front.sealed', '申請機關已核章（承辦人、單位主管、機關首長）', { type: 'check' }),
		field('form_front.original', '交付申請單正本', { type: 'check' }));
	g2.appendChild(h('div', { class: 'lab', text: '申請機關核章' }));
	g2.appendChild(seal);
	g2.appendChild(h('div', { class: 'lab', text: '以下欄位由數位發展局填寫' }));
	var b = t().bureau || {};
	g2.appendChild(h('div', { class: 'val wide bureau-only' },
		h('dl', { class: 'kv' },
			h('dt', { text: '資產編號' }), h('dd', { text: b.asset_no || '（數位發展局填寫）' }),
			h('dt', { text: '虛擬主機位置' }), h('dd', { text: b.vm_location || '（數位發展局填寫）' }),
			h('dt', { text: '配合事項' }), h('dd', { text: b.coordination || '（數位發展局填寫）' }),
			h('dt', { text: '管理帳號／密碼' }), h('dd', { text: '（數位發展局填寫）' }))));
	s.appendChild(g2);
	return s;
}

function t() { return editor.tree; }

function letterSheet() {
	var s = h('section', { class: 'sheet', 'aria-labelledby': 'letter-h' },
		h('h2', { id: 'letter-h', text: '申請函（機關函文）' }),
		h('p', { class: 'sub', text: '函文之發文日期即申請日期。' }));
	var g = grid();
	pair(g, field('letter.doc_no', '發文字號', { hint: '例：中市環資字第1150012345號' }));
	pair(g, field('letter.urgency', '速別', { type: 'select', options: ['普通件', '速件', '最速件'], blank: false }));
	pair(g, field('letter.attachments', '附件'));
	pair(g, field('agency.short_name', '機關簡稱'));
	pair(g, field('agency.code', '機關代碼'));
	pair(g, field('agency.address', '機關地址'));
	pair(g, field('agency.head_title', '首長職稱'));
	pair(g, field('agency.head_name', '首長姓名'));
	s.appendChild(g);
	return s;
}

/* Drop the field records under a prefix before a part of the form is drawn again. */
function forget(prefix) {
	Object.keys(editor.fields).forEach(function (k) { if (k.indexOf(prefix) === 0) delete editor.fields[k]; });
}

function rowButtons(list, i, noun, redraw, focusId) {
	var ed = editor;
	if (!ed.editable) return null;
	var n = i + 1, arr = getPath(ed.tree, list);
	var mk = function (txt, name, fn, dis) {
		return h('button', { type: 'button', class: 'small', 'aria-label': name, disabled: dis, text: txt, onclick: fn });
	};
	var move = function (d) {
		return function () {
			var a = getPath(ed.tree, list), x = a[i];
			a.splice(i, 1); a.splice(i + d, 0, x);
			redraw();
			var b = document.getElementById(focusId(i + d, d < 0 ? 'up' : 'down')) || document.getElementById(focusId(i + d, 'del'));
			if (b && !b.disabled) b.focus(); else { b = document.getElementById(focusId(i + d, 'del')); if (b) b.focus(); }
			say(noun + n + '已移至第' + (i + d + 1) + '項');
			changed();
		};
	};
	var up = mk('上移', '上移' + noun + n, move(-1), i === 0); up.id = focusId(i, 'up');
	var dn = mk('下移', '下移' + noun + n, move(1), i === arr.length - 1); dn.id = focusId(i, 'down');
	var del = mk('刪除', '刪除' + noun + n, function () {
		var files = list === 'devices' && window.GW && GW.attach ? GW.attach.count(i + 1) : 0;
		if (!window.confirm('確定刪除' + noun + n + '？' + (files ? '此設備的 ' + files + ' 個附件也會一併刪除。' : ''))) return;
		getPath(ed.tree, list).splice(i, 1);
		redraw();
		var b = document.getElementById(focusId(Math.max(0, i - 1), 'del')) || document.getElementById(focusId(0, 'add'));
		if (b) b.focus();
		say('已刪除' + noun + n);
		changed();
	});
	del.className += ' danger'; del.id = focusId(i, 'del');
	return h('div', { class: 'row' }, up, dn, del);
}

/* The back's columns (軟硬體資產資料), in the form's order. */
var DEVICE_COLS = [['type', '設備種類', { type: 'select', options: TYPES }], ['name', '設備名稱'], ['purpose', '用途'],
	['hostname', '主機名稱'], ['brand', '廠牌'], ['model', '型號'], ['serial', '序號'], ['qty', '數量（台）', { type: 'int' }],
	['rack_units', '高度（U）', { type: 'int' }], ['power', '電源'], ['os', '作業系統'], ['os_version', '版本'],
	['database', '資料庫'], ['software', '應用軟體'], ['maintainer', '維護廠商'], ['warranty_until', '保固期限', { type: 'date' }]];

/* 保固期限: a date, or 「無」 (no warranty: the import format's F_DATE_OR_NONE).
 * The box 無保固 beside the date, as 永久 beside a period's end: ticked, the
 * value is 「無」 and the date input is emptied and disabled; unticked, a date
 * again.  Read-only, the line under the input says 無. */
function warrantyField(P, n) {
	var ed = editor, path = P + 'warranty_until';
	var wrap = field(path, '保固期限', { type: 'date', sr: n });
	var f = ed.fields[path], input = f.el, rocEl = wrap.querySelector('.roc');
	var box = h('input', { type: 'checkbox', id: idOf(P + 'warranty_none'), checked: getPath(ed.tree, path) === '無',
		disabled: !ed.editable, 'aria-controls': input.id });
	f.none = true;
	var show = function () {
		if (box.checked) { input.value = ''; rocEl.textContent = '無'; }
		input.disabled = box.checked;
	};
	box.addEventListener('change', function () {
		setPath(ed.tree, path, box.checked ? '無' : '');
		show();
		if (!box.checked && rocEl) rocEl.textContent = '';
		f.server = [];
		localFlag(f);
		changed();
	});
	show();
	wrap.appendChild(h('div', { class: 'checkfield' }, box,
		h('label', { for: box.id }, h('span', { class: 'sr-only', text: n }), '無保固')));
	return wrap;
}

function drawBack() {
	var ed = editor, s = clear(ed.back);
	forget('devices');
	var devs = ed.tree.devices = ed.tree.devices || [];
	s.appendChild(h('h2', { id: 'back-h', text: '申請單第2頁（背面）a.軟硬體資產資料' }));
	s.appendChild(h('p', { class: 'sub', text: '共 ' + devs.length + ' 項設備。無資料之欄位請填「無」。' }));
	var fid = function (i, w) { return w === 'add' ? 'dev-add' : 'dev-' + i + '-' + w; };
	devs.forEach(function (d, i) {
		d.seq = i + 1;
		var P = 'devices[' + i + '].', n = '設備' + (i + 1) + ' ';
		var box = h('div', { class: 'device', role: 'group', 'aria-labelledby': 'dev-h-' + i, id: idOf('devices[' + i + ']'), tabindex: '-1' });
		box.appendChild(h('div', { class: 'device-head' },
			h('h3', { id: 'dev-h-' + i, text: '項次 ' + (i + 1) + (d.name ? '：' + d.name : '') }),
			rowButtons('devices', i, '設備', drawBack, fid)));
		var c = h('div', { class: 'cols' });
		DEVICE_COLS.forEach(function (col) {
			c.appendChild(col[0] === 'warranty_until' ? warrantyField(P, n)
				: field(P + col[0], col[1], Object.assign({ sr: n }, col[2] || {})));
		});
		box.appendChild(c);
		var ip = h('fieldset', { class: 'checks sub-rows' }, h('legend', { text: 'IP需求' }),
			field(P + 'needs_ip.internal', '內部IP', { type: 'check', sr: n }),
			field(P + 'needs_ip.external', '外部IP', { type: 'check', sr: n }));
		box.appendChild(ip);
		var sw = h('fieldset', { class: 'sub-rows', id: idOf(P + 'security_software'), tabindex: '-1' }, h('legend', { text: '資安軟體（Windows、Linux 主機須安裝並檢附佐證文件）' }));
		var swc = h('div', { class: 'cols' });
		SOFTWARE.forEach(function (x) {
			swc.appendChild(h('div', null,
				field(P + 'security_software.' + x[0] + '.installed', '已安裝' + x[1], { type: 'check', sr: n }),
				field(P + 'security_software.' + x[0] + '.evidence', x[1] + '佐證文件', { sr: n })));
		});
		sw.appendChild(swc);
		box.appendChild(sw);
		var other = h('fieldset', { class: 'checks sub-rows' }, h('legend', { text: '網站與上線紀錄' }),
			field(P + 'public_website', '提供民眾使用之網站', { type: 'check', sr: n }),
			field(P + 'large_public_site', '大型民眾網站（須滲透測試）', { type: 'check', sr: n }),
			field(P + 'golive_record', '檢附資訊系統上線作業紀錄表', { type: 'check', sr: n }));
		box.appendChild(other);
		box.appendChild(reportsBlock(i));
		if (window.GW && GW.attach) GW.attach.device(box, i);   /* attach.js: the files of each item */
		s.appendChild(box);
	});
	if (ed.editable) {
		s.appendChild(h('div', { class: 'section-body' }, h('button', { type: 'button', id: 'dev-add', text: '新增設備', onclick: function () {
			ed.tree.devices.push(blankDevice(ed.tree.devices.length + 1));
			drawBack();
			var f = ed.fields['devices[' + (ed.tree.devices.length - 1) + '].type'];
			if (f) f.el.focus();
			say('已新增設備' + ed.tree.devices.length);
			changed();
		} })));
	}
	/* the device heading follows its name */
	devs.forEach(function (d, i) {
		var f = ed.fields['devices[' + i + '].name'];
		if (f && ed.editable) f.el.addEventListener('input', function () {
			document.getElementById('dev-h-' + i).textContent = '項次 ' + (i + 1) + (f.el.value ? '：' + f.el.value : '');
		});
	});
	if (ed.checkList) drawCheck(!ed.failures.length);
}

/* A list of like rows (連線規則, 帳號使用人, 目標主機, 檢測報告) in a fieldset:
 * one group per row with its inputs and 上移/下移/刪除, then a button that
 * adds a row and puts the focus in it.  o: {list, legend, idp, noun, cols:
 * [[key, label, opt]…], blank(), empty, add, addLabel, redraw} */
function rowList(o) {
	var ed = editor, arr = getPath(ed.tree, o.list);
	if (!Array.isArray(arr)) { arr = []; setPath(ed.tree, o.list, arr); }
	var fs = h('fieldset', { class: 'sub-rows', id: idOf(o.list), tabindex: '-1' }, h('legend', { text: o.legend }));
	var fid = function (k, w) { return w === 'add' ? o.idp + '-add' : o.idp + '-' + k + '-' + w; };
	arr.forEach(function (r, k) {
		var Q = o.list + '[' + k + '].', m = o.noun + (k + 1) + ' ';
		var row = h('div', { class: 'subrow', role: 'group', 'aria-label': o.noun + (k + 1) });
		o.cols.forEach(function (c) { row.appendChild(field(Q + c[0], c[1], Object.assign({ sr: m }, c[2] || {}))); });
		add(row, rowButtons(o.list, k, o.noun, o.redraw, fid));
		fs.appendChild(row);
	});
	if (!arr.length && o.empty) fs.appendChild(h('p', { class: 'hint', text: o.empty }));
	if (ed.editable) fs.appendChild(h('button', { type: 'button', class: 'small', id: fid(0, 'add'), text: o.add,
		'aria-label': o.addLabel || null, onclick: function () {
			getPath(ed.tree, o.list).push(o.blank());
			o.redraw();
			var f = ed.fields[o.list + '[' + (getPath(ed.tree, o.list).length - 1) + '].' + o.cols[0][0]];
			if (f) f.el.focus();
			changed();
		} }));
	return fs;
}

function reportsBlock(i) {
	var n = '設備' + (i + 1) + ' ';
	return rowList({ list: 'devices[' + i + '].reports', idp: 'rep-' + i, noun: n + '報告',
		legend: '資安檢測報告（檢測日期須在預定日期前一個月內，且無中風險以上弱點）',
		cols: [['kind', '檢測項目', { type: 'select', options: REPORTS }], ['date', '檢測日期', { type: 'date' }],
			['tool', '檢測工具'], ['critical', '嚴重', { type: 'int' }], ['high', '高風險', { type: 'int' }],
			['medium', '中風險', { type: 'int' }], ['low', '低風險', { type: 'int' }]],
		blank: function () { return { kind: '', date: '', tool: '', critical: 0, high: 0, medium: 0, low: 0 }; },
		empty: '尚無檢測報告。', add: '新增檢測報告', addLabel: '新增檢測報告（設備' + (i + 1) + '）', redraw: drawBack });
}

function periodFields(prefix, labelFrom, labelTo) {
	var ed = editor, p = getPath(ed.tree, prefix + '.period') || {};
	setPath(ed.tree, prefix + '.period', p);
	var forever = p.to === '永久';
	var from = field(prefix + '.period.from', labelFrom, { type: 'date' });
	var toF;
	var perm = h('input', { type: 'checkbox', id: idOf(prefix + '.period.forever'), checked: forever, disabled: !ed.editable });
	var permL = h('div', { class: 'checkfield' }, perm, h('label', { for: perm.id, text: '永久（無結束日期）' }));
	if (forever) {
		toF = h('div', { class: 'fld' }, h('p', { class: 'hint', text: labelTo + '：永久' }));
	} else toF = field(prefix + '.period.to', labelTo, { type: 'date' });
	perm.addEventListener('change', function () {
		p.to = perm.checked ? '永久' : '';
		changed();
		(prefix === 'network' ? drawNetwork : drawVpn)();
		var x = document.getElementById(perm.id); if (x) x.focus();
	});
	return h('div', { class: 'cols' }, from, toF, permL);
}

function drawNetwork() {
	var ed = editor, s = clear(ed.net);
	forget('network');
	var net = ed.tree.network = ed.tree.network || { filed: false, rules: [], period: { from: '', to: '' } };
	net.rules = net.rules || [];
	s.appendChild(h('h2', { id: 'net-h', text: '臺中市政府主機設備網路連線申請單' }));
	s.appendChild(h('p', { class: 'sub', text: '設備需要內部／外部IP者須填寫。' }));
	var b = h('div', { class: 'section-body' });
	b.appendChild(field('network.filed', '檢附主機設備網路連線申請單', { type: 'check' }));
	b.appendChild(periodFields('network', '連線期間（自）', '連線期間（至）'));
	var fs = rowList({ list: 'network.rules', idp: 'rule', noun: '連線規則', legend: '二、連線規則',
		cols: [['source', '來源'], ['destination', '目的'], ['port', '埠號', { type: 'port' }],
			['protocol', '協定', { type: 'select', options: ['TCP', 'UDP', 'ICMP'] }], ['purpose', '用途']],
		blank: function () { return { source: '', destination: '', port: '', protocol: 'TCP', purpose: '' }; },
		empty: '尚無連線規則。', add: '新增連線規則', redraw: drawNetwork });
	b.appendChild(fs);
	s.appendChild(b);
	if (ed.checkList) drawCheck(!ed.failures.length);
}

function drawVpn() {
	var ed = editor, s = clear(ed.vpn);
	forget('vpn');
	var v = ed.tree.vpn = ed.tree.vpn || { filed: false, accounts: [], targets: [], period: { from: '', to: '' }, reason: '' };
	v.accounts = v.accounts || []; v.targets = v.targets || [];
	s.appendChild(h('h2', { id: 'vpn-h', text: '臺中市政府SSLVPN網路連線維護申請單' }));
	s.appendChild(h('p', { class: 'sub', text: '設備需要內部／外部IP者須填寫。' }));
	var b = h('div', { class: 'section-body' });
	b.appendChild(field('vpn.filed', '檢附SSLVPN網路連線維護申請單', { type: 'check' }));
	b.appendChild(periodFields('vpn', '使用期間（自）', '使用期間（至）'));
	b.appendChild(field('vpn.reason', '申請原因', { type: 'textarea', rows: 2, wide: true }));
	b.appendChild(rowList({ list: 'vpn.accounts', idp: 'acct', noun: 'SSLVPN帳號使用人', legend: '一、SSLVPN帳號使用人',
		cols: [['name', '姓名'], ['company', '公司／單位'], ['email', '電子信箱', { type: 'email' }], ['mobile', '行動電話', { type: 'tel' }]],
		blank: function () { return { name: '', company: '', email: '', mobile: '' }; },
		add: '新增帳號使用人', redraw: drawVpn }));
	b.appendChild(rowList({ list: 'vpn.targets', idp: 'tgt', noun: '連線目標主機', legend: '二、連線目標主機',
		cols: [['host', '主機名稱'], ['port', '埠號', { type: 'port' }], ['protocol', '協定', { type: 'select', options: ['TCP', 'UDP'] }]],
		blank: function () { return { host: '', port: '', protocol: 'TCP' }; },
		add: '新增目標主機', redraw: drawVpn }));
	s.appendChild(b);
	if (ed.checkList) drawCheck(!ed.failures.length);
}

/* ---------- 6. review, the chief, the window ---------- */

function reviewPanel() {
	var ed = editor, id = ed.id;
	var box = h('section', { class: 'panel', 'aria-labelledby': 'rev-h' }, h('h2', { id: 'rev-h', text: '審查與決行' }));
	var info = h('div');
	box.appendChild(info);
	if (window.GW && GW.attach) GW.attach.review(box, id);   /* every attachment, read-only */
	var mine = REVIEWERS.concat(['chief']).filter(hasRole);
	var statusP = api('GET', '/api/applications/' + encodeURIComponent(id) + '/status').catch(function () { return null; });
	var bureauP = api('GET', '/api/bureau').then(function (j) { return j.bureau || j; }, function () { return null; });
	Promise.all([statusP, bureauP]).then(function (r) {
		var st = r[0] || {}, bu = r[1] || {};
		var people = bu.reviewers || st.reviews || [];
		var byRole = {};
		people.forEach(function (p) { byRole[p.role] = p; });
		(st.reviews || []).forEach(function (p) { byRole[p.role] = Object.assign({}, byRole[p.role] || {}, p); });
		if (st.reviews && st.reviews.length) {
			var tb = h('tbody');
			st.reviews.forEach(function (rv) {
				tb.appendChild(h('tr', null, h('td', { text: rv.title || ROLE[rv.role] || rv.role }), h('td', { text: rv.person || '' }),
					h('td', { text: rv.result === 'ok' ? '符合' : rv.result === 'fail' ? '不符合' : '未審查' }),
					h('td', { text: rv.note || '' })));
			});
			info.appendChild(h('div', { class: 'table-wrap' }, h('table', null, h('caption', { text: '各審查人員結果' }),
				h('thead', null, h('tr', null, ['審查人員', '姓名', '結果', '審查意見'].map(function (c) { return h('th', { scope: 'col', text: c }); }))), tb)));
		}
		if (st.missing && st.missing.length) {
			info.appendChild(h('h3', { text: '尚待辦理' }));
			info.appendChild(h('ul', null, st.missing.map(function (m) { return h('li', { text: m }); })));
		}
		var open = ed.status !== 'draft' && ed.status !== 'approved' && ed.status !== 'returned';
		mine.forEach(function (role) {
			var p = byRole[role] || { role: role };
			var rid = 'rv-' + role;
			var r = h('form', { class: 'review', 'aria-labelledby': rid + '-h', novalidate: true });
			r.appendChild(h('h3', { id: rid + '-h', text: (p.title || ROLE[role]) + '審查' + (p.person ? '（' + p.person + '）' : '') }));
			if (p.checks) r.appendChild(h('div', null, h('h4', { text: '審查事項' }), h('p', { class: 'duties', text: p.checks })));
			if (!open) { r.appendChild(h('p', { text: '此申請目前狀態為「' + (STATUS[ed.status] || ed.status) + '」，不需審查。' })); box.appendChild(r); return; }
			var res = h('fieldset', { class: 'radios' }, h('legend', { text: role === 'chief' ? '主管核示' : '審查結果' }));
			[['ok', role === 'chief' ? '同意' : '符合'], ['fail', role === 'chief' ? '不同意' : '不符合']].forEach(function (o) {
				var x = h('input', { type: 'radio', name: rid + '-res', id: rid + '-' + o[0], value: o[0], checked: p.result === o[0] });
				res.appendChild(h('label', { for: x.id }, x, o[1]));
			});
			r.appendChild(res);
			var note = h('textarea', { id: rid + '-note', rows: 2, value: '' });
			r.appendChild(h('div', null, h('label', { for: note.id, text: '審查意見' }), note));
			var msg = h('p', { role: 'status', class: 'hint' });
			r.appendChild(h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', text: '送出審查結果' }), msg));
			r.addEventListener('submit', function (e) {
				e.preventDefault();
				var chosen = r.querySelector('input[name="' + rid + '-res"]:checked');
				if (!chosen) { msg.textContent = '請選擇審查結果。'; r.querySelector('input[type=radio]').focus(); return; }
				api('POST', '/api/applications/' + encodeURIComponent(id) + '/reviews', { role: role, result: chosen.value, note: note.value }).then(function () {
					say('審查結果已送出');
					route();
				}, function (er) { if (er.status !== 401) { msg.textContent = er.message; } });
			});
			box.appendChild(r);
		});
		if (hasRole('window') && open) {
			var w = h('div', { class: 'review', role: 'group', 'aria-labelledby': 'win-h' }, h('h3', { id: 'win-h', text: '收件窗口決行' }));
			if (st.can_approve !== undefined) {
				var why = [];
				if (st.failures && st.failures.length) why.push('有 ' + st.failures.length + ' 項不符合規則');
				var notOk = (st.reviews || []).filter(function (rv) { return rv.role !== 'chief' && rv.result !== 'ok'; });
				if (notOk.length) why.push(notOk.map(function (rv) { return rv.title || ROLE[rv.role]; }).join('、') + (notOk.some(function (rv) { return rv.result === 'fail'; }) ? ' 審查不符合或未審查' : ' 尚未審查'));
				w.appendChild(h('p', { text: st.can_approve ? '檢查與審查均符合，可以核准。' : '尚不能核准：' + (why.join('；') || '狀態不允許') + '。' }));
			}
			var wm = h('p', { role: 'status', class: 'hint' });
			var decide = function (d, label) {
				return function () {
					if (!window.confirm('確定' + label + '並發文？')) return;
					api('POST', '/api/applications/' + encodeURIComponent(id) + '/decide', { decision: d }).then(function () {
						say('已' + label);
						location.hash = '#/applications/' + encodeURIComponent(id) + '/documents';
					}, function (er) { if (er.status !== 401) wm.textContent = er.message; });
				};
			};
			w.appendChild(h('div', { class: 'row' },
				h('button', { type: 'button', class: 'primary', text: '核准並發核准函', disabled: st.can_approve === false, onclick: decide('approve', '核准') }),
				h('button', { type: 'button', class: 'danger', text: '檢還並發檢還函', onclick: decide('return', '檢還') }), wm));
			box.appendChild(w);
		}
		if (!mine.length && !hasRole('window') && !hasRole('clerk')) box.appendChild(h('p', { text: '您的角色不需審查此申請。' }));
		if (hasRole('clerk') && ed.status === 'returned')
			box.appendChild(h('p', { class: 'notice', text: '此申請已檢還（檢還函見「文件」）。請依上列審查意見及檢查結果修正後，再按「送出申請」。' }));
	});
	return box;
}

/* ---------- 5. documents ---------- */

var DOCNAME = {
	request: '申請函', form: '移（攜）出入申請單', network: '主機設備網路連線申請單', vpn: 'SSLVPN網路連線維護申請單',
	'return': '檢還函', approval: '核准函', packet: '整份列印檔（packet.pdf）', manifest: '清單'
};

function showDocuments(id) {
	var main = page('文件 ' + id, tabs(id, 'documents'));
	var base = '/api/applications/' + encodeURIComponent(id);
	var st = h('p', { role: 'status', text: '產生文件中，請稍候…' });
	main.appendChild(st);
	focusTitle();
	api('GET', base + '/documents').then(function (j) {
		st.textContent = '';
		var docs = j.documents || [];
		var preview = h('iframe', { class: 'preview', title: '文件預覽', hidden: true });
		var prevH = h('h2', { id: 'prev-h', tabindex: '-1', text: '預覽', hidden: true });
		var row = h('div', { class: 'row', style: null },
			h('a', { class: 'button primary', href: base + '/documents/packet.pdf', target: '_blank', rel: 'noopener', text: '列印整份文件（packet.pdf）' }),
			h('a', { class: 'button', href: base + '/documents.zip', download: id + '.zip', text: '下載全部（zip）' }));
		main.appendChild(row);
		/* one row per document: its PDF to preview and download, its DOCX */
		var order = [], by = {};
		docs.forEach(function (d) {
			var stem = String(d.name).replace(/\.[^.]+$/, '');
			if (!by[stem]) { by[stem] = []; order.push(stem); }
			by[stem].push(d);
		});
		var tb = h('tbody');
		order.forEach(function (stem) {
			var title = DOCNAME[stem] || stem;
			var acts = h('div', { class: 'row' });
			by[stem].sort(function (a, b) { return /\.pdf$/.test(b.name) - /\.pdf$/.test(a.name); });
			by[stem].forEach(function (d) {
				var url = base + '/documents/' + encodeURIComponent(d.name);
				var ext = /\.([^.]+)$/.exec(d.name);
				ext = ext ? ext[1].toUpperCase() : '';
				var size = d.size !== undefined && d.size !== null ? '，' + Math.max(1, Math.round(d.size / 1024)) + ' KB' : '';
				if (ext === 'PDF') acts.appendChild(h('button', { type: 'button', class: 'small', text: '預覽', 'aria-label': '預覽' + title, onclick: function () {
					preview.src = url; preview.title = '文件預覽：' + title; preview.hidden = false; prevH.hidden = false;
					prevH.textContent = '預覽：' + title;
					prevH.scrollIntoView(); prevH.focus();
				} }));
				acts.appendChild(h('a', { href: url, download: d.name, text: '下載' + ext, 'aria-label': '下載' + ext + ' ' + d.name + size }));
			});
			tb.appendChild(h('tr', null, h('th', { scope: 'row', text: title }),
				h('td', { text: by[stem].map(function (d) { return d.name; }).join('、') }), h('td', null, acts)));
		});
		main.appendChild(h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'sr-only', text: '文件一覽' }),
			h('thead', null, h('tr', null, ['文件', '檔案', '預覽與下載'].map(function (c) { return h('th', { scope: 'col', text: c }); }))), tb)));
		main.appendChild(prevH);
		main.appendChild(preview);
	}, function (e) {
		st.textContent = '';
		if (e.status === 404) errorBox(main, { message: '找不到申請單 ' + id + '，或您沒有權限查看。' }).focus();
		else if (e.status !== 401) errorBox(main, e).focus();
	});
}

/* ---------- 7. history ---------- */

var ACTION = {
	create: '建立草稿', save: '儲存草稿', update: '儲存草稿', replace: '重新匯入', submit: '送出申請', review: '審查',
	decide: '決行', approve: '核准', 'return': '檢還', import: '匯入', render: '產生文件', letter: '發文', status: '狀態變更'
};

/* The store's times are UTC ("2026-12-02T22:43:08.123", with or without
 * Z): shown in the browser's local time, 中華民國115年12月3日 06:43:08. */
function localTime(at) {
	var m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(at);
	if (!m) return at;
	var t = new Date(m[1] + 'T' + m[2] + (m[3] || '') + (m[4] || 'Z'));
	if (isNaN(t)) return at;
	var p = function (n) { return String(n).padStart(2, '0'); };
	return roc(t.getFullYear() + '-' + p(t.getMonth() + 1) + '-' + p(t.getDate())) + ' ' +
		p(t.getHours()) + ':' + p(t.getMinutes()) + ':' + p(t.getSeconds());
}

function showHistory(id) {
	var main = page('歷程 ' + id, tabs(id, 'history'));
	focusTitle();
	api('GET', '/api/applications/' + encodeURIComponent(id) + '/history').then(function (j) {
		var rows = j.history || j.events || [];
		if (!rows.length) { main.appendChild(h('p', { text: '尚無紀錄。' })); return; }
		var tb = h('tbody');
		rows.forEach(function (r) {
			var when = localTime(r.at || r.time || '');
			var detail = r.detail !== undefined ? r.detail : r.note;
			if (detail && typeof detail === 'object') detail = JSON.stringify(detail);
			if (typeof detail === 'string') detail = detail
				.replace(/\b(draft|received|incomplete|under_review|returned|approved)\b/g, function (m) { return STATUS[m]; })
				.replace(/\bstill\b/g, '仍為').replace(/\bversion (\d+)/g, '第$1版').replace(/^ok: ;?\s*/, '符合；')
				.replace(/^fail: /, '不符合：');
			var who = r.display || r.user || r.account || r.actor || '';
			tb.appendChild(h('tr', null, h('td', { text: when }), h('td', { text: who }),
				h('td', { text: ROLE[r.role] || r.role || '' }),
				h('td', { text: ACTION[r.action] || r.action || r.event || '' }),
				h('td', { text: [r.from && r.to ? (STATUS[r.from] || r.from) + '→' + (STATUS[r.to] || r.to) : '', detail || ''].filter(Boolean).join('　') })));
		});
		main.appendChild(h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'sr-only', text: '處理歷程' }),
			h('thead', null, h('tr', null, ['時間', '帳號', '角色', '動作', '內容'].map(function (c) { return h('th', { scope: 'col', text: c }); }))), tb)));
	}, function (e) {
		if (e.status === 404) errorBox(main, { message: '找不到申請單 ' + id + '，或您沒有權限查看。' }).focus();
		else if (e.status !== 401) errorBox(main, e).focus();
	});
}

/* ---------- 8. accounts and the bureau's data (manager) ---------- */

function showUsers() {
	var main = page('帳號管理');
	focusTitle();
	if (!hasRole('manager')) { errorBox(main, { message: '只有系統管理者可以管理帳號。' }); return; }
	var wrap = h('div', { class: 'table-wrap' });
	main.appendChild(wrap);
	var load = function () {
		api('GET', '/api/users').then(function (j) {
			clear(wrap);
			var tb = h('tbody');
			(j.users || []).forEach(function (u) {
				var name = u.user || u.name;
				var acts = h('td');
				if (!u.disabled) acts.appendChild(h('button', { type: 'button', class: 'small danger', text: '停用', 'aria-label': '停用帳號 ' + name, onclick: function () {
					if (!window.confirm('確定停用帳號 ' + name + '？')) return;
					api('PUT', '/api/users/' + encodeURIComponent(name), { disabled: true }).then(load, function (e) { if (e.status !== 401) say(e.message); });
				} }));
				tb.appendChild(h('tr', null, h('td', { text: name }), h('td', { text: u.display || '' }),
					h('td', { text: (u.roles || []).map(function (r) { return ROLE[r] || r; }).join('、') }),
					h('td', { text: u.agency || '' }), h('td', { text: u.disabled ? '已停用' : '使用中' }), acts));
			});
			wrap.appendChild(h('table', null, h('caption', { text: '帳號一覽' }),
				h('thead', null, h('tr', null, ['帳號', '顯示名稱', '角色', '所屬機關', '狀態', '動作'].map(function (c) { return h('th', { scope: 'col', text: c }); }))), tb));
		}, function (e) { if (e.status !== 401) errorBox(wrap, e); });
	};
	load();
	var f = h('form', { class: 'panel', 'aria-labelledby': 'nu-h', novalidate: true }, h('h2', { id: 'nu-h', text: '新增帳號' }));
	var mk = function (id, label, type, ac) {
		var i = h('input', { id: id, type: type || 'text', autocomplete: ac || 'off' });
		f.appendChild(h('div', { class: 'fld' }, h('label', { for: id, text: label }), i));
		return i;
	};
	var un = mk('nu-user', '帳號'), dn = mk('nu-display', '顯示名稱'), pw = mk('nu-pass', '初始密碼', 'password', 'new-password');
	var roles = h('fieldset', { class: 'checks' }, h('legend', { text: '角色' }));
	Object.keys(ROLE).forEach(function (r) {
		var c = h('input', { type: 'checkbox', id: 'nu-role-' + r, value: r });
		roles.appendChild(h('label', { for: c.id }, c, ROLE[r]));
	});
	f.appendChild(roles);
	var ag = mk('nu-agency', '所屬機關（機關承辦人必填，機關全銜）');
	var msg = h('p', { role: 'status', class: 'field-err' });
	f.appendChild(msg);
	f.appendChild(h('button', { type: 'submit', class: 'primary', text: '新增帳號' }));
	f.addEventListener('submit', function (e) {
		e.preventDefault();
		var rs = Array.prototype.slice.call(roles.querySelectorAll('input:checked')).map(function (c) { return c.value; });
		api('POST', '/api/users', { name: un.value, display: dn.value, password: pw.value, roles: rs, agency: ag.value }).then(function () {
			msg.textContent = '';
			say('已新增帳號 ' + un.value);
			f.reset();
			load();
		}, function (er) { if (er.status !== 401) msg.textContent = er.message; });
	});
	main.appendChild(f);
}

var BUREAU = [['name', '機關全銜'], ['short_name', '機關簡稱'], ['code', '機關代碼'], ['unit', '承辦單位'], ['address', '地址'], ['phone', '電話'],
	['fax', '傳真'], ['email', '電子信箱'], ['head_title', '首長職稱'], ['head_name', '首長姓名'], ['doc_prefix', '發文字號機關代字'],
	['asset_format', '資產編號格式'], ['require_attachments', '須檢附報告與佐證檔案（1 是，0 否）'],
	['attach_max_file_mb', '附件每檔上限（MB）'], ['attach_max_app_mb', '每案附件合計上限（MB）']];

function showBureau() {
	var main = page('機關資料');
	focusTitle();
	if (!hasRole('manager')) { errorBox(main, { message: '只有系統管理者可以修改機關資料。' }); return; }
	api('GET', '/api/bureau').then(function (j) {
		var b = j.bureau || j;
		var f = h('form', { class: 'panel', novalidate: true, 'aria-label': '數位發展局資料' });
		var inputs = {};
		BUREAU.forEach(function (x) {
			var i = h('input', { id: 'bu-' + x[0], value: b[x[0]] === undefined || b[x[0]] === null ? '' : String(b[x[0]]) });
			inputs[x[0]] = i;
			f.appendChild(h('div', { class: 'fld' }, h('label', { for: i.id, text: x[1] }), i));
		});
		var msg = h('p', { role: 'status' });
		f.appendChild(msg);
		f.appendChild(h('button', { type: 'submit', class: 'primary', text: '儲存機關資料' }));
		f.addEventListener('submit', function (e) {
			e.preventDefault();
			var body = {};
			BUREAU.forEach(function (x) { if (String(b[x[0]] === undefined || b[x[0]] === null ? '' : b[x[0]]) !== inputs[x[0]].value) body[x[0]] = inputs[x[0]].value; });
			api('PUT', '/api/bureau', body).then(function () { msg.textContent = '機關資料已儲存。'; msg.className = 'okbox'; },
				function (er) {
					if (er.status === 401) return;
					msg.textContent = er.message; msg.className = 'alert';
					var k = er.body && er.body.field && inputs[String(er.body.field).replace(/^bureau\./, '')];
					if (k) { k.setAttribute('aria-invalid', 'true'); k.focus(); }
				});
		});
		main.appendChild(f);
		var rv = j.reviewers || b.reviewers;
		if (rv && rv.length) {
			main.appendChild(h('h2', { text: '審查人員' }));
			var tb = h('tbody');
			rv.forEach(function (r) {
				tb.appendChild(h('tr', null, h('td', { text: r.title || ROLE[r.role] || r.role }), h('td', { text: r.person || '' }),
					h('td', { text: r.ext || '' }), h('td', { class: 'duties', text: r.checks || '' })));
			});
			main.appendChild(h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'sr-only', text: '審查人員' }),
				h('thead', null, h('tr', null, ['職稱', '姓名', '分機', '審查事項'].map(function (c) { return h('th', { scope: 'col', text: c }); }))), tb)));
		}
	}, function (e) { if (e.status !== 401) errorBox(main, e); });
}

/* ---------- start ---------- */

function start() {
	document.getElementById('skip').addEventListener('click', function (e) {
		e.preventDefault();
		document.getElementById('main').focus();
	});
	window.addEventListener('hashchange', route);
	/* Ctrl+S (⌘S) in the editor saves the draft now, as in Word */
	document.addEventListener('keydown', function (e) {
		if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S') && editor && editor.editable) {
			e.preventDefault();
			editor.dirty = true;
			save(true);
		}
	});
	window.addEventListener('beforeunload', function () { keepDraft(); });
	document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { keepDraft(); flushSave(); } });
	api('GET', '/api/me').then(function (j) {
		me = j;
		if (!me.csrf) me.csrf = sessionStorage.getItem('gw-csrf') || '';
		if (location.hash.indexOf('#/login') === 0 || !location.hash) location.replace('#/applications');
		route();
	}, function (e) {
		lostOnce = false;
		sessionStorage.removeItem('gw-lost');
		if (e.status !== 401) {
			var main = page('無法連線');
			errorBox(main, e);
			return;
		}
		route();
	});
}

document.addEventListener('DOMContentLoaded', start);
