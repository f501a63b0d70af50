/*
 * model_float.c — where a floating drawing goes: position (wp:positionH/V
 * with posOffset or align, relative to page, margin, column, paragraph, line
 * or character), size, wrap (square, tight and through as square,
 * top-and-bottom, none in front or behind), distances from the text, and a
 * text box's insets, fill and outline.  DrawingML (wp:anchor, wps:wsp) and
 * VML (v:shape style with position:absolute, w10:wrap, v:textbox inset).
 *
 * Only reads XML into a gw_float; the content (picture, text box
 * paragraphs) is model.c's, the placement layout_float.c's.  EMU: 635 a
 * twip.
 */
#include "model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMU_TWIP 635

void m_float_init(gw_float *f)
{
	memset(f, 0, sizeof *f);
	f->rel_h = GW_REL_COLUMN;
	f->rel_v = GW_REL_PARAGRAPH;
	f->wrap = GW_WRAP_NONE;
	f->inset[0] = f->inset[2] = 72;  /* 0.05 in */
	f->inset[1] = f->inset[3] = 144; /* 0.1 in */
	f->fill = 0xFFFFFFFFu;
	f->line = 0xFFFFFFFFu;
}

static int emu_twips(const char *s)
{
	if (s == NULL)
		return 0;
	long v = strtol(s, NULL, 10);
	if (v > 200000L * EMU_TWIP)
		v = 200000L * EMU_TWIP;
	if (v < -200000L * EMU_TWIP)
		v = -200000L * EMU_TWIP;
	return (int)(v / EMU_TWIP);
}

static gw_rel rel_of(const char *s, bool vertical)
{
	if (s == NULL)
		return vertical ? GW_REL_PARAGRAPH : GW_REL_COLUMN;
	if (strcmp(s, "page") == 0)
		return GW_REL_PAGE;
	if (strcmp(s, "margin") == 0 || strcmp(s, "insideMargin") == 0 ||
	    strcmp(s, "outsideMargin") == 0)
		return GW_REL_MARGIN;
	if (strcmp(s, "leftMargin") == 0 || strcmp(s, "left-margin-area") == 0)
		return GW_REL_LEFT_MARGIN;
	if (strcmp(s, "rightMargin") == 0 || strcmp(s, "right-margin-area") == 0)
		return GW_REL_RIGHT_MARGIN;
	if (strcmp(s, "topMargin") == 0 || strcmp(s, "top-margin-area") == 0)
		return GW_REL_TOP_MARGIN;
	if (strcmp(s, "bottomMargin") == 0 || strcmp(s, "bottom-margin-area") == 0)
		return GW_REL_BOTTOM_MARGIN;
	if (strcmp(s, "character") == 0 || strcmp(s, "char") == 0 || strcmp(s, "line") == 0)
		return GW_REL_CHARACTER;
	if (strcmp(s, "paragraph") == 0)
		return GW_REL_PARAGRAPH;
	return vertical ? GW_REL_PARAGRAPH : GW_REL_COLUMN; /* column, text */
}

static int align_of(const char *s)
{
	if (s == NULL)
		return 0;
	if (strcmp(s, "left") == 0 || strcmp(s, "top") == 0)
		return 1;
	if (strcmp(s, "center") == 0)
		return 2;
	if (strcmp(s, "right") == 0 || strcmp(s, "bottom") == 0)
		return 3;
	if (strcmp(s, "inside") == 0)
		return 4;
	if (strcmp(s, "outside") == 0)
		return 5;
	return 0;
}

static int side_of(const char *s)
{
	if (s == NULL || strcmp(s, "bothSides") == 0 || strcmp(s, "both") == 0)
		return 0;
	if (strcmp(s, "left") == 0)
		return 1;
	if (strcmp(s, "right") == 0)
		return 2;
	return 3; /* largest */
}

/* Text of the first child of n with local name tag. */
static const char *child_text(xmlNodePtr n, const char *tag)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && m_is(c, tag))
			for (xmlNodePtr t = c->children; t; t = t->next)
				if (t->type == XML_TEXT_NODE && t->content)
					return (const char *)t->content;
	return NULL;
}

static xmlNodePtr child(xmlNodePtr n, const char *tag)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && m_is(c, tag))
			return c;
	return NULL;
}

static const char *attr(xmlNodePtr n, const char *name)
{
	if (n == NULL)
		return NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children && a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

void m_float_anchor(gw_float *f, xmlNodePtr an, int depth)
{
	(void)depth;
	xmlNodePtr ph = child(an, "positionH"), pv = child(an, "positionV"), e;
	f->rel_h = rel_of(attr(ph, "relativeFrom"), false);
	f->rel_v = rel_of(attr(pv, "relativeFrom"), true);
	f->align_h = align_of(child_text(ph, "align"));
	f->align_v = align_of(child_text(pv, "align"));
	f->x = emu_twips(child_text(ph, "posOffset"));
	f->y = emu_twips(child_text(pv, "posOffset"));
	if ((e = child(an, "extent"))) {
		f->width = emu_twips(attr(e, "cx"));
		f->height = emu_twips(attr(e, "cy"));
	}
	f->dist[0] = emu_twips(attr(an, "distT"));
	f->dist[1] = emu_twips(attr(an, "distL"));
	f->dist[2] = emu_twips(attr(an, "distB"));
	f->dist[3] = emu_twips(attr(an, "distR"));
	const char *behind = attr(an, "behindDoc");
	f->wrap = behind && (strcmp(behind, "1") == 0 || strcmp(behind, "true") == 0)
		? GW_WRAP_BEHIND : GW_WRAP_NONE;
	if ((e = child(an, "wrapSquare")) || (e = child(an, "wrapTight")) ||
	    (e = child(an, "wrapThrough"))) {
		f->wrap = GW_WRAP_SQUARE;
		f->side = side_of(attr(e, "wrapText"));
	} else if (child(an, "wrapTopAndBottom")) {
		f->wrap = GW_WRAP_TOPBOTTOM;
	}
}

long m_css_emu(const char *style, const char *prop)
{
	const char *p = style;
	size_t n = strlen(prop);

	while (p && (p = strstr(p, prop))) {
		if ((p == style || p[-1] == ';' || p[-1] == ' ') && p[n] == ':') {
			char *end;
			double v = strtod(p + n + 1, &end);
			double per = strncmp(end, "pt", 2) == 0 ? 12700
				     : strncmp(end, "in", 2) == 0 ? 914400
				     : strncmp(end, "cm", 2) == 0 ? 360000
				     : strncmp(end, "mm", 2) == 0 ? 36000
				     : strncmp(end, "px", 2) == 0 ? 9525 : 12700;
			v *= per;
			return v > -1e11 && v < 1e11 ? (long)v : 0;
		}
		p += n;
	}
	return 0;
}

/* The value of a CSS property (borrowed into buf), or NULL. */
static const char *css_word(const char *style, const char *prop, char *buf, size_t cap)
{
	const char *p = style;
	size_t n = strlen(prop);
	while (p && (p = strstr(p, prop))) {
		if ((p == style || p[-1] == ';' || p[-1] == ' ') && p[n] == ':') {
			p += n + 1;
			size_t k = 0;
			while (*p && *p != ';' && k + 1 < cap)
				buf[k++] = *p++;
			buf[k] = '\0';
			return buf;
		}
		p += n;
	}
	return NULL;
}

void m_float_vml(gw_float *f, xmlNodePtr shape, int depth)
{
	const char *style = attr(shape, "style");
	char w[40];
	const char *v;

	if (style == NULL)
		style = "";
	f->x = (int)(m_css_emu(style, "margin-left") / EMU_TWIP);
	f->y = (int)(m_css_emu(style, "margin-top") / EMU_TWIP);
	if (f->x == 0)
		f->x = (int)(m_css_emu(style, "left") / EMU_TWIP);
	if (f->y == 0)
		f->y = (int)(m_css_emu(style, "top") / EMU_TWIP);
	f->width = (int)(m_css_emu(style, "width") / EMU_TWIP);
	f->height = (int)(m_css_emu(style, "height") / EMU_TWIP);
	f->rel_h = rel_of(css_word(style, "mso-position-horizontal-relative", w, sizeof w), false);
	f->rel_v = rel_of(css_word(style, "mso-position-vertical-relative", w, sizeof w), true);
	f->align_h = align_of(css_word(style, "mso-position-horizontal", w, sizeof w));
	f->align_v = align_of(css_word(style, "mso-position-vertical", w, sizeof w));
	v = css_word(style, "z-index", w, sizeof w);
	f->wrap = v && atoi(v) < 0 ? GW_WRAP_BEHIND : GW_WRAP_NONE;
	xmlNodePtr wr = m_find(shape, "wrap", depth);
	if (wr && (v = attr(wr, "type"))) {
		if (strcmp(v, "square") == 0 || strcmp(v, "tight") == 0 || strcmp(v, "through") == 0) {
			f->wrap = GW_WRAP_SQUARE;
			f->side = side_of(attr(wr, "side"));
		} else if (strcmp(v, "topAndBottom") == 0) {
			f->wrap = GW_WRAP_TOPBOTTOM;
		}
	}
	xmlNodePtr tb = m_find(shape, "textbox", depth);
	if (tb && (v = attr(tb, "inset"))) {
		/* "l,t,r,b", each a length; empty keeps the default */
		static const int order[4] = {1, 0, 3, 2};
		const char *p = v;
		for (int i = 0; i < 4 && p; i++) {
			char one[32];
			size_t k = 0;
			while (*p && *p != ',' && k + 1 < sizeof one)
				one[k++] = *p++;
			one[k] = '\0';
			if (k) {
				char css[48];
				snprintf(css, sizeof css, "x:%s", one);
				f->inset[order[i]] = (int)(m_css_emu(css, "x") / EMU_TWIP);
			}
			p = *p == ',' ? p + 1 : NULL;
		}
	}
	if ((v = attr(shape, "fillcolor")) && v[0] == '#')
		f->fill = m_color(v + 1, 0xFFFFFFFFu);
	v = attr(shape, "stroked");
	if (!(v && (strcmp(v, "f") == 0 || strcmp(v, "false") == 0)) && m_is(shape, "rect")) {
		f->line = (v = attr(shape, "strokecolor")) && v[0] == '#' ? m_color(v + 1, 0) : 0;
		f->line_w = 15;
	}
	if (tb && !(attr(shape, "stroked") && attr(shape, "stroked")[0] == 'f') && !m_is(shape, "rect")) {
		f->line = (v = attr(shape, "strokecolor")) && v[0] == '#' ? m_color(v + 1, 0) : 0;
		f->line_w = 15;
	}
}

/* a:solidFill/a:srgbClr val under n, or dflt. */
static uint32_t solid(xmlNodePtr n, uint32_t dflt)
{
	xmlNodePtr sf = child(n, "solidFill");
	if (sf == NULL)
		return dflt;
	xmlNodePtr c = child(sf, "srgbClr");
	return c ? m_color(attr(c, "val"), 0) : 0;
}

void m_float_shape(gw_float *f, xmlNodePtr wsp, int depth)
{
	(void)depth;
	xmlNodePtr sp = child(wsp, "spPr"), bp = child(wsp, "bodyPr"), ln;
	const char *v;
	if (sp) {
		f->fill = solid(sp, 0xFFFFFFFFu);
		if ((ln = child(sp, "ln")) && !child(ln, "noFill")) {
			f->line = solid(ln, 0);
			f->line_w = (v = attr(ln, "w")) ? emu_twips(v) : 15;
			if (f->line_w <= 0)
				f->line_w = 15;
		}
	}
	if (bp) {
		static const char *ins[4] = {"tIns", "lIns", "bIns", "rIns"};
		for (int i = 0; i < 4; i++)
			if ((v = attr(bp, ins[i])))
				f->inset[i] = emu_twips(v);
	}
}

const char *m_attr_any(xmlNodePtr n, const char *name)
{
	return attr(n, name);
}
