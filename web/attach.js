/* gongwen — the attachments in the pages (docs/attachments.md).
 *
 * In the editor, beside each report row, each security-software evidence,
 * the go-live record and under each device ("other"): the files attached to
 * that item, each to open, and while the application is a draft of the
 * clerk's to upload, replace and delete.  In the review panel: every
 * attachment, read-only, grouped by device and item.  app.js calls in with
 * GW.attach.device(box, i) (drawBack), GW.attach.others(side) (buildEditor)
 * and GW.attach.review(box, id) (reviewPanel); it uses app.js's h, api,
 * say, editor, idOf, flushSave, runCheck and sessionLost.
 *
 * The API: GET /api/applications/ID/attachments, POST (multipart: kind,
 * device, file), GET …/SHA256 (the file), DELETE …/SHA256.  When devices
 * are moved or deleted the files follow them: in the page at once
 * (placeOf), on the server with the save's device_map (app.js), after
 * which app.js calls GW.attach.renumbered.  Data reaches
 * the page only as text, as in app.js. */
'use strict';

var GW = window.GW || (window.GW = {});

GW.attach = (function () {
	var TITLE = {
		source_code_scan: '原始碼檢測報告', host_vuln_scan: '主機弱點掃描報告', web_vuln_scan: '網站弱點掃描報告',
		pentest: '滲透測試報告', malware_scan: '惡意程式檢測報告', patch_status: '更新修補狀態報告',
		antivirus: '防毒軟體安裝佐證', mdr: 'MDR安裝佐證', vans: 'VANS安裝佐證',
		golive: '資訊系統上線作業紀錄表', other: '其他附件'
	};
	var FLAG = {
		javascript: '含 JavaScript', launch: '含啟動外部程式的動作', embedded_file: '含內嵌檔案',
		submit_form: '含表單送出動作'
	};
	var TYPE = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };
	var ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
	var UPLOAD_MAX = 64 * 1024 * 1024;   /* serve_attach.c's UPLOAD_MAX */

	/* the list of the application open in the editor, and the controls drawn from it */
	var cache = { id: null, rows: null, loading: null };
	var mounts = [];

	function base(id) { return '/api/applications/' + encodeURIComponent(id) + '/attachments'; }

	/* The list of application ID (AGAIN: asked afresh); the latest answer
	 * redraws every control. */
	function load(id, again) {
		if (cache.id !== id || again) { cache.id = id; cache.rows = null; cache.loading = null; }
		if (cache.rows) return Promise.resolve(cache.rows);
		if (cache.loading) return cache.loading;
		var p = cache.loading = api('GET', base(id)).then(function (j) {
			if (cache.id === id && cache.loading === p) {
				cache.rows = j.attachments || [];
				cache.loading = null;
				mounts = mounts.filter(function (m) { return m.el.isConnected; });
				mounts.forEach(draw);
			}
			return j.attachments || [];
		}, function (e) {
			if (cache.loading === p) cache.loading = null;
			throw e;
		});
		return p;
	}

	function size(n) {
		if (n < 1024) return n + ' B';
		if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
		return (n / 1024 / 1024).toFixed(1) + ' MB';
	}

	function kindTitle(row) { return TITLE[row.kind] || row.title || row.kind; }

	/* The facts of one file: type, pages, size (and a warning for a PDF's active content). */
	function facts(row) {
		var t = [TYPE[row.media_type] || row.media_type];
		if (row.pages) t.push(row.pages + ' 頁');
		t.push(size(row.bytes || 0));
		return t.join('，');
	}

	function flagText(row) {
		var f = (row.flags || []).map(function (x) { return FLAG[x] || x; });
		return f.length ? '注意：此 PDF ' + f.join('、') + '（已保存，不會執行）' : '';
	}

	function openLink(id, row, label) {
		return h('a', { href: base(id) + '/' + row.sha256, target: '_blank', rel: 'noopener',
			'aria-label': (label || '') + row.name + '（另開視窗）', text: row.name });
	}

	/* An upload (multipart/form-data).  Resolves to the row, rejects with an
	 * ApiError holding the server's message. */
	function upload(id, kind, device, file) {
		var fd = new FormData();
		fd.append('kind', kind);
		if (device) fd.append('device', String(device));
		fd.append('file', file, file.name);
		return fetch(base(id), { method: 'POST', credentials: 'same-origin', body: fd,
			headers: { 'Accept': 'application/json', 'X-CSRF-Token': (me && me.csrf) || '' } }).then(function (r) {
			return r.text().then(function (t) {
				var j;
				try { j = t ? JSON.parse(t) : {}; } catch (e) { j = { error: '' }; }
				if (r.status === 401) { sessionLost(); throw new ApiError(401, j); }
				if (!r.ok) {
					if (!j.error) j.error = r.status === 413 ? '檔案太大，超過附件大小上限。' : '上傳失敗（伺服器回應 ' + r.status + '）';
					throw new ApiError(r.status, j);
				}
				return j.attachment;
			});
		}, function () { throw new ApiError(0, { error: '無法連線到伺服器，請稍後再試。' }); });
	}

	function detach(id, sha) { return api('DELETE', base(id) + '/' + sha); }

	/* Redraw every control still in the page from a fresh list; the live check asks again (R10). */
	function refresh(id) {
		return load(id, true).then(function () {
			if (typeof runCheck === 'function' && editor && editor.id === id) runCheck();
		});
	}

	/* ---------- one item's control ---------- */

	/* spec: {id, device, kind, path, label, editable, el} */
	/* The control: its heading, the part drawn from the list, and two live
	 * regions that stay (a region put in again would be spoken again): what
	 * went well (status) and what went wrong (alert). */
	function mount(spec) {
		spec.head = h('p', { class: 'att-h', id: spec.hid, text: spec.label });
		spec.body = h('div');
		spec.ok = h('p', { id: spec.hid + '-ok', class: 'att-msg att-ok', role: 'status' });
		spec.msg = h('p', { id: spec.hid + '-msg', class: 'att-msg att-err', role: 'alert' });
		spec.el = h('div', { class: 'att', role: 'group', 'aria-labelledby': spec.hid }, spec.head, spec.body, spec.ok, spec.msg);
		mounts.push(spec);
		load(spec.id).then(function () { draw(spec); }, function (e) {
			if (e.status !== 401) clear(spec.body).appendChild(h('p', { class: 'hint', text: '無法讀取附件：' + e.message }));
		});
		return spec.el;
	}

	/* Where a row shows: its device's place in the page now, which may
	 * differ from the seq the server has until the next save moves the rows
	 * too (app.js's editor.origin); -1 for a device deleted in the page. */
	function placeOf(r) {
		var ed = editor;
		if (!r.device || !ed || ed.id !== cache.id || !ed.origin) return r.device || 0;
		var devs = ed.tree.devices || [];
		for (var i = 0; i < devs.length; i++) if (ed.origin.get(devs[i]) === r.device) return i + 1;
		return -1;
	}

	function rowsOf(spec) {
		return (cache.rows || []).filter(function (r) {
			return r.kind === spec.kind && placeOf(r) === (spec.device || 0);
		});
	}

	/* How many files the device now at place SEQ has (asked before it is deleted). */
	function count(seq) {
		return (cache.rows || []).filter(function (r) { return placeOf(r) === seq; }).length;
	}

	/* A save moved the rows on the server (device_map): the same here at
	 * once, so that nothing shows under the wrong device, then the list
	 * read afresh. */
	function renumbered(id, map) {
		if (cache.id !== id || !cache.rows) return;
		cache.rows = cache.rows.filter(function (r) {
			if (!r.device || !(r.device in map)) return true;
			if (map[r.device] === null) return false;
			r.device = map[r.device];
			return true;
		});
		mounts = mounts.filter(function (m) { return m.el.isConnected; });
		mounts.forEach(draw);
		refresh(id).catch(function () {});
	}

	function draw(spec) {
		if (cache.id !== spec.id || !cache.rows) return;
		var el = spec.body, focused = document.activeElement && el.contains(document.activeElement) ? document.activeElement.id : null;
		clear(el);
		spec.head.textContent = spec.label;
		if (!spec.kind) {
			el.appendChild(h('p', { class: 'hint', text: '請先選擇檢測項目，再上傳報告檔案。' }));
			return;
		}
		var rows = rowsOf(spec);
		if (rows.length) {
			var ul = h('ul', { class: 'att-list' });
			rows.forEach(function (row) { ul.appendChild(fileItem(spec, row)); });
			el.appendChild(ul);
		} else el.appendChild(h('p', { class: 'hint', text: '尚未附檔案。' }));
		if (spec.editable) {
			var inp = h('input', { type: 'file', id: spec.inputId, accept: ACCEPT,
				'aria-describedby': spec.hid + '-msg ' + spec.hid + '-ok ' + spec.hid + '-hint',
				'aria-invalid': spec.msg.textContent ? 'true' : null });
			inp.addEventListener('change', function () {
				if (inp.files && inp.files[0]) send(spec, inp.files[0], null);
			});
			el.appendChild(h('div', { class: 'att-up' },
				h('label', { for: inp.id, text: (rows.length ? '再上傳' : '上傳') + spec.label + '檔案' }), inp,
				h('p', { class: 'hint', id: spec.hid + '-hint', text: 'PDF、PNG 或 JPEG（依檔案內容判斷）；選擇檔案後即上傳。' })));
		}
		/* the focus stays where it was, or on the item's upload input when that is gone */
		var back = focused && (document.getElementById(focused) || document.getElementById(spec.inputId));
		if (back) back.focus();
	}

	function fileItem(spec, row) {
		var li = h('li', { class: 'att-file' });
		li.appendChild(openLink(spec.id, row, spec.label + '：'));
		li.appendChild(h('span', { class: 'att-facts', text: '（' + facts(row) + '）' }));
		var warn = flagText(row);
		if (warn) li.appendChild(h('strong', { class: 'att-flag', text: warn }));
		if (!spec.editable) return li;
		var rid = spec.hid + '-' + row.sha256.slice(0, 12);
		var rep = h('input', { type: 'file', id: rid + '-file', accept: ACCEPT, class: 'att-hidden', tabindex: '-1',
			'aria-label': '取代 ' + row.name + ' 的新檔案' });
		rep.addEventListener('change', function () {
			if (rep.files && rep.files[0]) send(spec, rep.files[0], row);
		});
		li.appendChild(h('span', { class: 'row att-btns' },
			h('button', { type: 'button', class: 'small', id: rid + '-rep', 'aria-label': '取代 ' + row.name,
				text: '取代', onclick: function () { rep.click(); } }),
			h('button', { type: 'button', class: 'small danger', id: rid + '-del', 'aria-label': '刪除 ' + row.name,
				text: '刪除', onclick: function () { remove(spec, row); } }), rep));
		return li;
	}

	/* Elsewhere in the application the same content is attached as… (a detach removes every row of it). */
	function alsoAt(row) {
		return (cache.rows || []).filter(function (r) { return r.sha256 === row.sha256 && r.id !== row.id; })
			.map(function (r) { return (r.device ? '設備' + placeOf(r) + ' ' : '') + kindTitle(r); });
	}

	function tell(spec, text, bad) {
		spec.ok.textContent = '';
		spec.msg.textContent = '';
		/* a fresh text in its live region: screen readers announce it */
		setTimeout(function () { (bad ? spec.msg : spec.ok).textContent = text; }, 30);
		var inp = document.getElementById(spec.inputId);
		if (inp) { if (bad) inp.setAttribute('aria-invalid', 'true'); else inp.removeAttribute('aria-invalid'); }
	}

	/* Upload FILE for the item; REPLACING: the row it takes the place of. */
	function send(spec, file, replacing) {
		if (replacing) {
			var also = alsoAt(replacing);
			if (also.length && !window.confirm('此檔案也附於' + also.join('、') + '，取代後那裡也會移除。確定取代？')) return;
		}
		if (file.size > UPLOAD_MAX) {
			/* the service reads no more than this of one request (serve_attach.c) */
			tell(spec, file.name + ' 未上傳：檔案 ' + size(file.size) + '，超過上傳上限 64 MB。', true);
			return;
		}
		tell(spec, '上傳 ' + file.name + ' 中…', false);
		ready().then(function () {
			return upload(spec.id, spec.kind, spec.device, file);
		}).then(function (row) {
			if (replacing && row && row.sha256 !== replacing.sha256) {
				return detach(spec.id, replacing.sha256).then(function () { return row; });
			}
			return row;
		}).then(function (row) {
			return refresh(spec.id).then(function () {
				var name = row ? row.name : file.name;
				tell(spec, row && row.existed && !replacing ? name + ' 已附於此項，未重複儲存。'
					: (replacing ? '已取代為 ' : '已上傳 ') + name + '。', false);
			});
		}, function (e) {
			if (e.status === 401) return;
			var inp = document.getElementById(spec.inputId);
			if (inp) inp.value = '';
			tell(spec, file.name + ' 未上傳：' + why(e, file), true);
		});
	}

	/* The server's reason, with the limit in words when it names one. */
	function why(e, file) {
		var d = (e.body && e.body.detail) || '', m;
		if (e.status === 413) {
			if ((m = /limit of (\d+) MB a file/.exec(d))) return e.message + '（單一檔案上限 ' + m[1] + ' MB，此檔 ' + size(file.size) + '）';
			if ((m = /would hold (\d+) MB .*limit of (\d+) MB/.exec(d))) return e.message + '（每件申請的附件合計上限 ' + m[2] + ' MB，加上此檔將達 ' + m[1] + ' MB）';
			return e.message;
		}
		return e.status === 400 && d ? e.message + '（' + d + '）' : e.message;
	}

	function remove(spec, row) {
		var also = alsoAt(row);
		if (!window.confirm('確定刪除附件 ' + row.name + '？' + (also.length ? '此檔案也附於' + also.join('、') + '，那裡也會一併刪除。' : ''))) return;
		ready().then(function () {
			return detach(spec.id, row.sha256);
		}).then(function () {
			return refresh(spec.id).then(function () {
				var inp = document.getElementById(spec.inputId);
				if (inp) inp.focus();
				tell(spec, '已刪除 ' + row.name + '。', false);
			});
		}, function (e) { if (e.status !== 401) tell(spec, '無法刪除 ' + row.name + '：' + e.message, true); });
	}

	/* ---------- the hooks ---------- */

	/* The clerk's draft; a returned application too, which its first save
	 * makes a draft again (data.c) — see ready(). */
	function canChange() {
		return !!editor && editor.editable && (editor.status === 'draft' || editor.status === 'returned');
	}

	/* Before a change: the page's edits saved (a new device must exist on the
	 * server); a returned application saved once, which reopens it as a draft. */
	function ready() {
		var ed = editor;
		if (ed && ed.status === 'returned' && !ed.reopened)
			return save(true).then(function (ok) { if (ok) ed.reopened = true; });
		return flushSave();
	}

	/* A newly opened editor reads the list afresh (another tab may have changed it). */
	function fresh() {
		if (cache.ed !== editor) { cache.ed = editor; load(editor.id, true).catch(function () {}); }
	}

	function item(i, kind, path, label) {
		fresh();
		var seq = i + 1, hid = 'att-' + idOf(path).slice(2);
		return mount({ id: editor.id, device: seq, kind: kind, path: path, label: label, hid: hid,
			inputId: path ? idOf(path) : hid + '-in', editable: canChange() });
	}

	/* Device I's box as drawBack drew it: a control under each report row,
	 * each evidence, the go-live record, and the device's other files. */
	function device(box, i) {
		if (!editor || !editor.id) return;
		var d = editor.tree.devices[i], n = '設備' + (i + 1) + ' ';
		var reps = box.querySelector('#' + idOf('devices[' + i + '].reports'));
		if (reps) {
			var rows = reps.querySelectorAll(':scope > .subrow');
			(d.reports || []).forEach(function (rep, k) {
				if (!rows[k]) return;
				var path = 'devices[' + i + '].reports[' + k + '].file';
				var c = item(i, rep.kind || '', path, n + '報告' + (k + 1) + ' ' + (TITLE[rep.kind] || ''));
				rows[k].appendChild(c);
				var sel = rows[k].querySelector('#' + idOf('devices[' + i + '].reports[' + k + '].kind'));
				if (sel) sel.addEventListener('change', function () {
					var m = mounts.filter(function (x) { return x.el === c; })[0];
					if (!m) return;
					m.kind = sel.value;
					m.label = n + '報告' + (k + 1) + ' ' + (TITLE[sel.value] || '');
					draw(m);
				});
			});
		}
		var sw = box.querySelector('#' + idOf('devices[' + i + '].security_software') + ' > .cols');
		if (sw) SOFTWARE.forEach(function (x, k) {
			var cell = sw.children[k];
			if (cell) cell.appendChild(item(i, x[0], 'devices[' + i + '].security_software.' + x[0] + '.file', n + TITLE[x[0]]));
		});
		var gl = box.querySelector('#' + idOf('devices[' + i + '].golive_record'));
		var glSet = gl && gl.closest('fieldset');
		if (glSet) glSet.appendChild(item(i, 'golive', 'devices[' + i + '].golive_file', n + TITLE.golive));
		box.appendChild(item(i, 'other', 'devices[' + i + '].other_file', n + TITLE.other));
	}

	/* The whole application's other files (no device), after the forms. */
	function others(side) {
		if (!editor || !editor.id) return;
		var s = h('section', { class: 'sheet', 'aria-labelledby': 'att-app-h' },
			h('h2', { id: 'att-app-h', text: '其他附件（不屬於特定設備）' }));
		fresh();
		var c = mount({ id: editor.id, device: 0, kind: 'other', path: '', label: '申請案' + TITLE.other,
			hid: 'att-app-other', inputId: 'att-app-other-in', editable: canChange() });
		s.appendChild(h('div', { class: 'section-body' }, c));
		side.appendChild(s);
	}

	/* ---------- the review panel: every attachment, read-only ---------- */

	function review(box, id) {
		var sec = h('section', { class: 'att-review', 'aria-labelledby': 'att-rev-h' },
			h('h3', { id: 'att-rev-h', text: '附件（檢測報告、安裝佐證、上線紀錄）' }));
		var body = h('div', null, h('p', { role: 'status', text: '讀取附件中…' }));
		sec.appendChild(body);
		box.appendChild(sec);
		load(id, true).then(function (rows) {
			clear(body);
			if (!rows.length) { body.appendChild(h('p', { text: '此申請沒有附件。' })); return; }
			var devs = (editor && editor.id === id && editor.tree.devices) || [];
			var groups = [], by = {};
			rows.forEach(function (r) {
				var k = r.device || 0;
				if (!by[k]) { by[k] = []; groups.push(k); }
				by[k].push(r);
			});
			groups.forEach(function (k) {
				var dv = devs[k - 1];
				var head = k ? '設備' + k + (dv && dv.name ? '：' + dv.name : '') : '申請案其他附件';
				var tb = h('tbody');
				by[k].forEach(function (r) {
					tb.appendChild(h('tr', null,
						h('th', { scope: 'row', text: kindTitle(r) }),
						h('td', null, openLink(id, r, head + ' ' + kindTitle(r) + '：')),
						h('td', { text: facts(r) }),
						h('td', null, flagText(r) ? h('strong', { class: 'att-flag', text: flagText(r) }) : '—'),
						h('td', { text: (r.added_by || '') + ' ' + (r.added_at ? localTime(r.added_at) : '') })));
				});
				body.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'att-table' },
					h('caption', { text: head }),
					h('thead', null, h('tr', null, ['項目', '檔案（另開視窗）', '類型、頁數、大小', '注意', '上傳者、時間'].map(function (c) {
						return h('th', { scope: 'col', text: c });
					}))), tb)));
			});
		}, function (e) {
			if (e.status !== 401) { clear(body); body.appendChild(h('p', { class: 'alert', text: '無法讀取附件：' + e.message })); }
		});
		return sec;
	}

	return { device: device, others: others, review: review, load: load, count: count, renumbered: renumbered };
})();
