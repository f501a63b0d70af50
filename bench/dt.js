// The docxtemplater side of bench/merge.sh: the same template and data, one
// document per record, written to DIR/<id>.docx.  usage: node dt.js TEMPLATE DATA.json DIR
const fs = require("fs");
const path = require("path");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");

const [tplPath, dataPath, outDir] = process.argv.slice(2);
const content = fs.readFileSync(tplPath, "binary");
let data = JSON.parse(fs.readFileSync(dataPath, "utf8"));
if (!Array.isArray(data)) data = [data];
fs.mkdirSync(outDir, { recursive: true });
const t0 = process.hrtime.bigint();
for (const rec of data) {
	const zip = new PizZip(content);
	const doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true });
	doc.render(rec);
	const buf = doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
	fs.writeFileSync(path.join(outDir, rec.id + ".docx"), buf);
}
const s = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(s.toFixed(4));
