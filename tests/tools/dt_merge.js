// The docxtemplater side of tests/e2e/docxtemplater.sh: merge every CASE.docx
// of DIR with CASE.json (paragraphLoop, as gongwen places sections) into
// CASE.dt.docx; a case docxtemplater refuses gets CASE.dt.err instead.
// Dotted paths ({a.b}) need a parser in docxtemplater: this one walks the
// path in each scope, as docxtemplater users do with angular-expressions.
// usage: NODE_PATH=bench/node_modules node dt_merge.js DIR
const fs = require("fs");
const path = require("path");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");

function parser(tag) {
	const path = tag.trim();
	return {
		get(scope) {
			if (path === ".") return scope;
			let v = scope;
			for (const k of path.split(".")) {
				if (v == null || typeof v !== "object") return undefined;
				v = v[k];
			}
			return v;
		},
	};
}

const dir = process.argv[2];
for (const name of fs.readFileSync(path.join(dir, "CASES"), "utf8").split("\n").filter(Boolean)) {
	const zip = new PizZip(fs.readFileSync(path.join(dir, name + ".docx"), "binary"));
	const data = JSON.parse(fs.readFileSync(path.join(dir, name + ".json"), "utf8"));
	try {
		const doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, parser });
		doc.render(data);
		fs.writeFileSync(path.join(dir, name + ".dt.docx"),
			doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }));
	} catch (e) {
		const why = e.properties && e.properties.errors
			? e.properties.errors.map((x) => x.properties.explanation || x.message).join("; ")
			: e.message;
		fs.writeFileSync(path.join(dir, name + ".dt.err"), why + "\n");
	}
}
