/* The candidate look-up, Tables.vocabulary and Tables.candidates
 * (included by _core.c after _core_tables.c: one translation unit) */

/* ---- candidates: NameIndex._candidates, with _word_lookup and its cache -------------------- */

/* vocabulary(words, vocab, deletes, weights, generic, longest, unknown_weight, keep_plain,
 *            keep_initials, keep_long, long_query, max_finding, fuzzy_max_df,
 *            neighbour_share, initial_weight, generic_weight): what `candidates` needs */
static PyObject *Tables_vocabulary(TablesObject *t, PyObject *args)
{
    PyObject *words, *vocab, *deletes, *weights, *generic;
    if (t->post_at == NULL || t->vocab != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: not built, or vocabulary already set");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O!O!O!O!Ondnnnnnnddd", &PyList_Type, &words, &PyDict_Type,
                          &vocab, &PyDict_Type, &deletes, &PyDict_Type, &weights, &generic,
                          &t->longest, &t->unknown_weight, &t->keep_plain, &t->keep_initials,
                          &t->keep_long, &t->long_query, &t->max_finding, &t->fuzzy_max_df,
                          &t->neighbour_share, &t->initial_weight, &t->generic_weight))
        return NULL;
    if (!PyAnySet_Check(generic)) {
        PyErr_SetString(PyExc_TypeError, "generic: expected a set");
        return NULL;
    }
    if (PyList_GET_SIZE(words) != t->n_words || PyDict_GET_SIZE(vocab) != t->n_words) {
        PyErr_SetString(PyExc_ValueError, "words: one per posting list");
        return NULL;
    }
    double *ww = PyMem_Malloc(sizeof(double) * (size_t)(t->n_words + 1));
    Py_ssize_t *wl = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(t->n_words + 1));
    if (!ww || !wl) {
        PyMem_Free(ww);
        PyMem_Free(wl);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t wi = 0; wi < t->n_words; wi++) {
        PyObject *w = PyList_GET_ITEM(words, wi);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "words: expected str");
            goto fail;
        }
        wl[wi] = PyUnicode_GET_LENGTH(w);
        PyObject *v = PyDict_GetItemWithError(weights, w);
        if (v == NULL && PyErr_Occurred())
            goto fail;
        ww[wi] = v == NULL ? NAN : PyFloat_AsDouble(v);
        if (ww[wi] == -1.0 && PyErr_Occurred())
            goto fail;
    }
    /* every word id the vocabulary gives is checked against the tables when looked up */
    t->wweight = ww;
    t->wlen = wl;
    Py_INCREF(vocab);
    t->vocab = vocab;
    Py_INCREF(deletes);
    t->deletes = deletes;
    Py_INCREF(weights);
    t->weights = weights;
    Py_INCREF(generic);
    t->generic = generic;
    if (wordtab_build(t) < 0)
        return NULL;  /* (candidates() then refuses: no table) */
    t->wt_weights = wordtab_weights(t);
    if (t->wt_weights < 0) {
        t->wt_weights = 0;
        return NULL;
    }
    Py_RETURN_NONE;
fail:
    PyMem_Free(ww);
    PyMem_Free(wl);
    return NULL;
}

/* NameIndex.weight */
static int t_weight(TablesObject *t, PyObject *fold, double *w)
{
    if (t->wt_weights && PyUnicode_IS_ASCII(fold)) {  /* (every ASCII weight is a word's) */
        const uint32_t *r = wt_find(t, PyUnicode_1BYTE_DATA(fold), PyUnicode_GET_LENGTH(fold));
        if (r != NULL && (int32_t)r[WT_WID] >= 0 && !isnan(t->wweight[r[WT_WID]])) {
            *w = t->wweight[r[WT_WID]];
            return 0;
        }
    }
    else {
        PyObject *v = PyDict_GetItemWithError(t->weights, fold);
        if (v != NULL) {
            *w = PyFloat_AsDouble(v);
            return (*w == -1.0 && PyErr_Occurred()) ? -1 : 0;
        }
        if (PyErr_Occurred())
            return -1;
    }
    if (PyUnicode_GET_LENGTH(fold) == 1) {
        *w = t->initial_weight * t->unknown_weight * 0.5;
        return 0;
    }
    int c = PySet_Contains(t->generic, fold);
    if (c < 0)
        return -1;
    *w = c ? t->generic_weight * t->unknown_weight : t->unknown_weight;
    return 0;
}

static int word_id(TablesObject *t, PyObject *o, Py_ssize_t *wi)
{
    *wi = PyLong_AsSsize_t(o);
    if (*wi == -1 && PyErr_Occurred())
        return -1;
    if (*wi < 0 || *wi >= t->n_words) {
        PyErr_SetString(PyExc_IndexError, "word id out of range");
        return -1;
    }
    return 0;
}

/* vocab.get(s) as a word id: -1 none, -2 with an exception (ASCII words from the table) */
static Py_ssize_t vocab_get(TablesObject *t, PyObject *s)
{
    if (PyUnicode_IS_ASCII(s)) {
        const uint32_t *r = wt_find(t, PyUnicode_1BYTE_DATA(s), PyUnicode_GET_LENGTH(s));
        return r == NULL ? -1 : (Py_ssize_t)(int32_t)r[WT_WID];
    }
    PyObject *ex = PyDict_GetItemWithError(t->vocab, s);
    Py_ssize_t wi;
    if (ex == NULL)
        return PyErr_Occurred() ? -2 : -1;
    return word_id(t, ex, &wi) < 0 ? -2 : wi;
}

/* vocab.get(a + b) as a word id: -1 none, -2 with an exception */
static Py_ssize_t vocab_get2(TablesObject *t, PyObject *a, PyObject *b)
{
    if (PyUnicode_IS_ASCII(a) && PyUnicode_IS_ASCII(b)) {
        Py_ssize_t na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b);
        unsigned char small[128], *buf = na + nb <= 128 ? small : PyMem_Malloc((size_t)(na + nb));
        if (buf == NULL) {
            PyErr_NoMemory();
            return -2;
        }
        memcpy(buf, PyUnicode_1BYTE_DATA(a), (size_t)na);
        memcpy(buf + na, PyUnicode_1BYTE_DATA(b), (size_t)nb);
        const uint32_t *r = wt_find(t, buf, na + nb);
        if (buf != small)
            PyMem_Free(buf);
        return r == NULL ? -1 : (Py_ssize_t)(int32_t)r[WT_WID];
    }
    PyObject *word = PyUnicode_Concat(a, b);
    if (word == NULL)
        return -2;
    Py_ssize_t wi = vocab_get(t, word);
    Py_DECREF(word);
    return wi;
}

static PyObject *readings_attr(PyObject *norm, const char *name, PyObject **interned)
{
    if (*interned == NULL && (*interned = PyUnicode_InternFromString(name)) == NULL)
        return NULL;
    return PyObject_GetAttr(norm, *interned);
}

/* min over the readings of the sum (Python's builtin sum, as py_sum) of their parts' weights */
static double readings_wq_total(TablesObject *t, PyObject *readings)
{
    static PyObject *s_folds = NULL;
    double best = 0.0;
    for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(readings); r++) {
        PyObject *folds = readings_attr(PyTuple_GET_ITEM(PyTuple_GET_ITEM(readings, r), 0),
                                        "folds", &s_folds);
        if (folds == NULL)
            return -1.0;
        Py_ssize_t n = PyTuple_Check(folds) ? PyTuple_GET_SIZE(folds) : -1;
        double *ws = n >= 0 ? PyMem_Malloc((size_t)(n ? n : 1) * sizeof(double)) : NULL;
        if (ws == NULL) {
            Py_DECREF(folds);
            if (n >= 0)
                PyErr_NoMemory();
            else
                PyErr_SetString(PyExc_TypeError, "folds: expected a tuple");
            return -1.0;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            if (t_weight(t, PyTuple_GET_ITEM(folds, i), &ws[i]) < 0) {
                PyMem_Free(ws);
                Py_DECREF(folds);
                return -1.0;
            }
        }
        Py_DECREF(folds);
        double v = py_sum(ws, n);
        PyMem_Free(ws);
        if (v == -1.0 && PyErr_Occurred())
            return -1.0;
        if (r == 0 || v < best)
            best = v;
    }
    return best;
}

typedef struct {
    Py_ssize_t wi;
    double wq, wc;
    Py_ssize_t pos;
} WordW;

typedef struct {
    WordW *v;
    Py_ssize_t n, cap;
    Py_ssize_t *hk;   /* past a few words, where each is: open addressing, index + 1, 0 empty */
    Py_ssize_t hcap;  /* (0: no table yet, a scan) */
} WordVec;

static inline size_t word_slot(Py_ssize_t wi, Py_ssize_t cap)
{
    return (size_t)(((uint64_t)wi * 0x9E3779B97F4A7C15ULL) >> 32) & (size_t)(cap - 1);
}

static int wordvec_rehash(WordVec *a, Py_ssize_t cap)
{
    Py_ssize_t *hk = PyMem_Calloc((size_t)cap, sizeof(Py_ssize_t));
    if (hk == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < a->n; k++) {
        size_t h = word_slot(a->v[k].wi, cap);
        while (hk[h])
            h = (h + 1) & (size_t)(cap - 1);
        hk[h] = k + 1;
    }
    PyMem_Free(a->hk);
    a->hk = hk;
    a->hcap = cap;
    return 0;
}

static void wordvec_clear(WordVec *a)
{
    a->n = 0;
    PyMem_Free(a->hk);
    a->hk = NULL;
    a->hcap = 0;
}

/* words[wi] = (wq, wc), keeping the place of a word already there (an insertion-ordered map:
 * a word may have thousands of one-edit neighbours) */
static int wordvec_set(WordVec *a, Py_ssize_t wi, double wq, double wc, int only_new)
{
    Py_ssize_t found = -1;
    if (a->hcap) {
        size_t h = word_slot(wi, a->hcap);
        while (a->hk[h]) {
            if (a->v[a->hk[h] - 1].wi == wi) {
                found = a->hk[h] - 1;
                break;
            }
            h = (h + 1) & (size_t)(a->hcap - 1);
        }
    }
    else {
        for (Py_ssize_t k = 0; k < a->n; k++) {
            if (a->v[k].wi == wi) {
                found = k;
                break;
            }
        }
    }
    if (found >= 0) {
        if (!only_new) {
            a->v[found].wq = wq;
            a->v[found].wc = wc;
        }
        return 0;
    }
    if (a->n == a->cap) {
        Py_ssize_t cap = a->cap ? 2 * a->cap : 16;
        WordW *v = PyMem_Realloc(a->v, sizeof(WordW) * (size_t)cap);
        if (v == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n].wi = wi;
    a->v[a->n].wq = wq;
    a->v[a->n].wc = wc;
    a->v[a->n].pos = a->n;
    a->n++;
    if (a->hcap && 2 * a->n <= a->hcap) {
        size_t h = word_slot(wi, a->hcap);
        while (a->hk[h])
            h = (h + 1) & (size_t)(a->hcap - 1);
        a->hk[h] = a->n;
    }
    else if (a->hcap || a->n > 16) {
        if (wordvec_rehash(a, a->hcap ? 2 * a->hcap : 64) < 0)
            return -1;
    }
    return 0;
}

static int by_query_weight(const void *pa, const void *pb)
{
    /* index._ranked: by query weight, best first, ties in the order found */
    const WordW *a = pa, *b = pb;
    if (a->wq != b->wq)
        return a->wq > b->wq ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* `words` sorted by query weight (index._ranked), into out[0 .. a->n) as (word, wq + wc); its
 * look-up table dropped */
static void ranked_words(WordVec *a, WordItem *out)
{
    qsort(a->v, (size_t)a->n, sizeof(WordW), by_query_weight);
    PyMem_Free(a->hk);  /* (its places are the order before the sort) */
    a->hk = NULL;
    a->hcap = 0;
    for (Py_ssize_t k = 0; k < a->n; k++) {
        WordItem it = {(int64_t)a->v[k].wi, a->v[k].wq + a->v[k].wc};
        memcpy(&out[k], &it, sizeof it);
    }
}

/* a common entry of a word look-up, as kept (the query part as written is the look-up's) */
typedef struct {
    int64_t count, wi;
    double wq, wc;
} CommonRec;

/* A word look-up as kept in the cache: a bytes object (no Python objects inside: nothing for
 * the garbage collector to walk, nothing to unbox): the counts of words and common entries,
 * then the ranked words (WordItem), then the common entries (CommonRec). */
typedef struct {
    int64_t nw, nc;
} LookupHead;

/* the words and common entries of a kept look-up; -1 with an exception when it is not one */
static int lookup_parts(PyObject *got, const WordItem **words, Py_ssize_t *nw,
                        const CommonRec **commons, Py_ssize_t *nc)
{
    LookupHead h;
    Py_ssize_t size = PyBytes_Check(got) ? PyBytes_GET_SIZE(got) : -1;
    if (size >= (Py_ssize_t)sizeof h)
        memcpy(&h, PyBytes_AS_STRING(got), sizeof h);
    if (size < (Py_ssize_t)sizeof h || h.nw < 0 || h.nc < 0 || h.nw > size || h.nc > size
        || (Py_ssize_t)sizeof h + h.nw * (Py_ssize_t)sizeof(WordItem)
               + h.nc * (Py_ssize_t)sizeof(CommonRec) != size) {
        PyErr_SetString(PyExc_TypeError, "a word look-up: not one of this core's");
        return -1;
    }
    const char *at = PyBytes_AS_STRING(got) + sizeof h;
    *words = (const WordItem *)at;
    *nw = (Py_ssize_t)h.nw;
    *commons = (const CommonRec *)(at + h.nw * sizeof(WordItem));
    *nc = (Py_ssize_t)h.nc;
    return 0;
}

static inline Py_ssize_t post_count(TablesObject *t, Py_ssize_t wi)
{
    return t->post_at[wi + 1] - t->post_at[wi];
}

static inline double word_weight(TablesObject *t, Py_ssize_t wi, double dflt)
{
    double v = t->wweight[wi];
    return isnan(v) ? dflt : v;
}

/* NameIndex._word_lookup without its cache: its ranked words and common entries, as kept
 * (see LookupHead) */
static PyObject *word_lookup(TablesObject *t, PyObject *f, PyObject *tok, PyObject *raw,
                             int finds, PyObject *shared)
{
    double w;
    if (t_weight(t, f, &w) < 0)
        return NULL;
    WordVec words = {NULL, 0, 0, NULL, 0};
    Py_ssize_t *cnb = NULL, ncnb = 0, capc = 0;
    CommonRec commons[4];  /* (one per spelling, and one for a misspelt common word) */
    Py_ssize_t ncommons = 0;
    PyObject *nbs = NULL, *it = NULL, *result = NULL;
    int found_common = 0;
    PyObject *sps[3] = {f, tok, raw};
    for (int k = 0; k < 3; k++) {
        PyObject *sp = sps[k];
        int dup = 0;
        for (int z = 0; z < k; z++)
            dup |= ustr_eq(sps[z], sp);
        if (dup)
            continue;
        Py_ssize_t wi = vocab_get(t, sp);
        if (wi == -2)
            goto done;
        if (wi >= 0) {
            double wc = word_weight(t, wi, w);
            if (t->common_at[wi] >= 0) {
                /* too many names hold this word: it ranks names, it does not find them */
                found_common = 1;
                CommonRec e = {post_count(t, wi), wi, w, wc};
                commons[ncommons++] = e;
                continue;
            }
            if (!finds)
                continue;
            if (wordvec_set(&words, wi, w, wc, 0) < 0)
                goto done;
            if (post_count(t, wi) > t->fuzzy_max_df)
                continue;
        }
        Py_ssize_t lsp = PyUnicode_GET_LENGTH(sp);
        if (lsp < 4 || (!ustr_eq(sp, f) && !ustr_eq(sp, tok)) || !finds)
            continue;
        double wn = w * t->neighbour_share;
        int fast = PyUnicode_IS_ASCII(sp);  /* (else the dicts: see _core_wordtab.c) */
        if (shared != Py_None) {
            nbs = PyDict_GetItemWithError(shared, sp);
            if (nbs != NULL)
                Py_INCREF(nbs);
            else if (PyErr_Occurred())
                goto done;
        }
        if (nbs == NULL) {
            nbs = fast ? wt_neighbours(t, sp) : neighbours_set(sp, t->vocab, t->deletes,
                                                                t->longest);
            if (nbs != NULL && shared != Py_None && PyDict_SetItem(shared, sp, nbs) < 0)
                Py_CLEAR(nbs);
        }
        if (nbs == NULL)
            goto done;
        if (PyAnySet_Check(nbs)) {  /* by word id, as the reference takes them */
            PyObject *sorted = PySequence_List(nbs);
            Py_SETREF(nbs, sorted);
            if (nbs == NULL || PyList_Sort(nbs) < 0)
                goto done;
        }
        const int32_t *ids = NULL;
        Py_ssize_t nid = 0;
        if (PyBytes_Check(nbs)) {  /* word ids, by id */
            ids = (const int32_t *)PyBytes_AS_STRING(nbs);
            nid = PyBytes_GET_SIZE(nbs) / (Py_ssize_t)sizeof(int32_t);
        }
        else if ((it = PyObject_GetIter(nbs)) == NULL)
            goto done;
        for (Py_ssize_t x = 0;; x++) {
            Py_ssize_t wi;
            if (it == NULL) {
                if (x >= nid)
                    break;
                int32_t id;
                memcpy(&id, &ids[x], sizeof id);
                wi = id;
                if (wi < 0 || wi >= t->n_words) {
                    PyErr_SetString(PyExc_IndexError, "word id out of range");
                    goto done;
                }
            }
            else {
                PyObject *o = PyIter_Next(it);
                if (o == NULL)
                    break;
                int bad = word_id(t, o, &wi);
                Py_DECREF(o);
                if (bad < 0)
                    goto done;
            }
            if (lsp <= SHORT_WORD && t->wlen[wi] <= SHORT_WORD)
                continue;  /* short words differing by an edit are different names */
            if (t->common_at[wi] >= 0) {
                if (ncnb == capc) {
                    capc = capc ? 2 * capc : 8;
                    Py_ssize_t *c = PyMem_Realloc(cnb, sizeof(Py_ssize_t) * (size_t)capc);
                    if (c == NULL) {
                        PyErr_NoMemory();
                        goto done;
                    }
                    cnb = c;
                }
                cnb[ncnb++] = wi;
            }
            else if (wordvec_set(&words, wi, wn, word_weight(t, wi, w) * t->neighbour_share,
                                 1) < 0)
                goto done;
        }
        if (PyErr_Occurred())
            goto done;
        Py_CLEAR(it);
        Py_CLEAR(nbs);
    }
    if (ncnb && !words.n && !found_common) {
        /* a misspelt common word (Tradibg): it ranks names as the word it stands for */
        Py_ssize_t wi = cnb[0];
        for (Py_ssize_t k = 1; k < ncnb; k++)
            if (post_count(t, cnb[k]) < post_count(t, wi))
                wi = cnb[k];
        CommonRec e = {post_count(t, wi), wi, w * t->neighbour_share,
                       word_weight(t, wi, w) * t->neighbour_share};
        commons[ncommons++] = e;
    }
    LookupHead h = {words.n, ncommons};
    result = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(sizeof h + (size_t)words.n
                                                          * sizeof(WordItem)
                                                          + (size_t)ncommons * sizeof(CommonRec)));
    if (result == NULL)
        goto done;
    char *at = PyBytes_AS_STRING(result);
    memcpy(at, &h, sizeof h);
    ranked_words(&words, (WordItem *)(at + sizeof h));
    memcpy(at + sizeof h + words.n * sizeof(WordItem), commons, sizeof(CommonRec) * ncommons);
done:
    Py_XDECREF(it);
    Py_XDECREF(nbs);
    PyMem_Free(words.v);
    PyMem_Free(words.hk);
    PyMem_Free(cnb);
    return result;
}

typedef struct {
    PyObject *f, *tok, *raw;  /* borrowed: the readings hold them */
    int kinds;                /* 1: read as a person's, 2: as another's, 4: both */
    int finds;
    double w;
} PartKey;

#define FEW_PARTS 32  /* a query of up to so many parts finds its repeated parts by comparing */

/* the key of a part's look-up in the cache: its three spellings (each as kind, length and
 * letters: one text, one key) and whether it finds names; a bytes object (nothing for the
 * garbage collector to track, nor the cache dict holding it) */
static PyObject *part_key(const PartKey *p)
{
    PyObject *sp[3] = {p->f, p->tok, p->raw};
    size_t size = 1;
    for (int k = 0; k < 3; k++)
        size += 1 + sizeof(Py_ssize_t)
                + (size_t)PyUnicode_GET_LENGTH(sp[k]) * PyUnicode_KIND(sp[k]);
    PyObject *key = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (key == NULL)
        return NULL;
    char *at = PyBytes_AS_STRING(key);
    *at++ = (char)(p->finds != 0);
    for (int k = 0; k < 3; k++) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(sp[k]);
        size_t bytes = (size_t)n * PyUnicode_KIND(sp[k]);
        *at++ = (char)PyUnicode_KIND(sp[k]);
        memcpy(at, &n, sizeof n);
        at += sizeof n;
        memcpy(at, PyUnicode_DATA(sp[k]), bytes);
        at += bytes;
    }
    return key;
}

static PartKey *sort_parts;  /* (the parts qsort compares; the GIL is held, no Python runs) */

static int finding_order(const void *pa, const void *pb)
{
    /* sorted(parts, key=lambda p: (-weight(p[0]), p)) */
    const PartKey *a = &sort_parts[*(const Py_ssize_t *)pa], *b = &sort_parts[*(const Py_ssize_t *)pb];
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    int c = PyUnicode_Compare(a->f, b->f);
    if (c == 0)
        c = PyUnicode_Compare(a->tok, b->tok);
    if (c == 0)
        c = PyUnicode_Compare(a->raw, b->raw);
    return c;
}

static int common_order(const void *pa, const void *pb)
{
    const CommonEntry *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count < b->count ? -1 : 1;
    return (a->wi > b->wi) - (a->wi < b->wi);
}

static int kind_bit(PyObject *kind)
{
    return kind == Py_True ? 1 : kind == Py_False ? 2 : 4;
}

/* candidates(readings, cache, cache_limit, cache_use, shared) -> [name]:
 * NameIndex._candidates (the query parts' look-ups through `cache`, a per-index dict of
 * `_word_lookup`'s keys and this core's own look-ups (bytes: see LookupHead), bounded by
 * cache_limit; cache_use: the list counting look-ups answered from
 * it and made; shared: the dict of one-edit neighbours of a search_many call, or None) */
static PyObject *Tables_candidates(TablesObject *t, PyObject *args)
{
    static PyObject *s_tokens = NULL, *s_folds = NULL, *s_raws = NULL, *s_joined = NULL;
    PyObject *readings, *cache, *use, *shared;
    Py_ssize_t cache_limit;
    if (!PyArg_ParseTuple(args, "O!O!nO!O", &PyTuple_Type, &readings, &PyDict_Type, &cache,
                          &cache_limit, &PyList_Type, &use, &shared))
        return NULL;
    if (t->vocab == NULL || t->wt_slot == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: no vocabulary");
        return NULL;
    }
    if (shared != Py_None && !PyDict_Check(shared)) {
        PyErr_SetString(PyExc_TypeError, "shared: a dict or None");
        return NULL;
    }
    if (PyList_GET_SIZE(use) != 2) {
        PyErr_SetString(PyExc_ValueError, "cache_use: [answered, made]");
        return NULL;
    }
    Py_ssize_t nr = PyTuple_GET_SIZE(readings);
    if (nr < 1 || nr > 2) {
        PyErr_SetString(PyExc_ValueError, "readings: one or two");
        return NULL;
    }
    PyObject *toks[2] = {NULL, NULL}, *folds[2] = {NULL, NULL}, *raws[2] = {NULL, NULL},
             *joined[2] = {NULL, NULL}, *kinds[2] = {NULL, NULL};
    PyObject *pidx = NULL, *result = NULL, *initials = NULL;
    PyObject **held = NULL;
    Group *groups = NULL;
    Py_ssize_t ng = 0;
    WordItem *jitems[2] = {NULL, NULL};
    PartKey *parts = NULL;
    Py_ssize_t nparts = 0, *order = NULL;
    CommonEntry *cbw = NULL;  /* common_by_word values */
    Py_ssize_t ncbw = 0;
    Py_ssize_t hits = 0, made = 0;
    WordVec jw = {NULL, 0, 0, NULL, 0};
    Py_UCS4 *letters = NULL;
    Py_ssize_t total = 0, min_len = PY_SSIZE_T_MAX;
    for (Py_ssize_t r = 0; r < nr; r++) {
        PyObject *rd = PyTuple_GET_ITEM(readings, r);
        if (!PyTuple_Check(rd) || PyTuple_GET_SIZE(rd) != 2) {
            PyErr_SetString(PyExc_TypeError, "reading: (norm, kind)");
            goto done;
        }
        PyObject *norm = PyTuple_GET_ITEM(rd, 0);
        kinds[r] = PyTuple_GET_ITEM(rd, 1);
        toks[r] = readings_attr(norm, "tokens", &s_tokens);
        folds[r] = toks[r] ? readings_attr(norm, "folds", &s_folds) : NULL;
        raws[r] = folds[r] ? readings_attr(norm, "raws", &s_raws) : NULL;
        joined[r] = raws[r] ? readings_attr(norm, "joined", &s_joined) : NULL;
        if (joined[r] == NULL)
            goto done;
        if (!PyTuple_Check(raws[r]) || PyTuple_GET_SIZE(raws[r]) == 0) {  /* q.raws or q.tokens */
            Py_INCREF(toks[r]);
            Py_SETREF(raws[r], toks[r]);
        }
        Py_ssize_t n = PyTuple_Check(toks[r]) ? PyTuple_GET_SIZE(toks[r]) : -1;
        if (n < 0 || !PyTuple_Check(folds[r]) || PyTuple_GET_SIZE(folds[r]) != n
            || !PyTuple_Check(raws[r]) || PyTuple_GET_SIZE(raws[r]) != n
            || !PyUnicode_Check(joined[r])) {
            PyErr_SetString(PyExc_TypeError, "a normalised name's parts do not fit");
            goto done;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            if (!PyUnicode_Check(PyTuple_GET_ITEM(toks[r], i))
                || !PyUnicode_Check(PyTuple_GET_ITEM(folds[r], i))
                || !PyUnicode_Check(PyTuple_GET_ITEM(raws[r], i))) {
                PyErr_SetString(PyExc_TypeError, "name parts: expected str");
                goto done;
            }
        }
        total += n;
        if (n < min_len)
            min_len = n;
    }
    /* each part, with the kinds of names it is looked up for */
    parts = PyMem_Malloc(sizeof(PartKey) * (size_t)(total + 1));
    order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(total + 1));
    pidx = total > FEW_PARTS ? PyDict_New() : NULL;  /* (few: compared one by one) */
    if (!parts || !order || (total > FEW_PARTS && !pidx)) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t r = 0; r < nr; r++) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(toks[r]); i++) {
            PyObject *f = PyTuple_GET_ITEM(folds[r], i), *tk = PyTuple_GET_ITEM(toks[r], i),
                     *rw = PyTuple_GET_ITEM(raws[r], i);
            Py_ssize_t at = -1;
            if (pidx == NULL) {
                for (Py_ssize_t k = 0; k < nparts && at < 0; k++)
                    if (ustr_eq(parts[k].f, f) && ustr_eq(parts[k].tok, tk)
                        && ustr_eq(parts[k].raw, rw))
                        at = k;
            }
            else {
                PyObject *key = PyTuple_Pack(3, f, tk, rw);
                if (key == NULL)
                    goto done;
                PyObject *got = PyDict_GetItemWithError(pidx, key);
                if (got != NULL)
                    at = PyLong_AsSsize_t(got);
                else {
                    PyObject *pos = PyErr_Occurred() ? NULL : PyLong_FromSsize_t(nparts);
                    if (pos == NULL || PyDict_SetItem(pidx, key, pos) < 0) {
                        Py_XDECREF(pos);
                        Py_DECREF(key);
                        goto done;
                    }
                    Py_DECREF(pos);
                }
                Py_DECREF(key);
            }
            if (at < 0) {
                parts[nparts].f = f;
                parts[nparts].tok = tk;
                parts[nparts].raw = rw;
                parts[nparts].kinds = kind_bit(kinds[r]);
                parts[nparts].finds = 1;
                nparts++;
            }
            else
                parts[at].kinds |= kind_bit(kinds[r]);
        }
    }
    if (nparts > t->max_finding) {
        /* a long name finds its candidates by its rarest words */
        for (Py_ssize_t k = 0; k < nparts; k++) {
            if (t_weight(t, parts[k].f, &parts[k].w) < 0)
                goto done;
            parts[k].finds = 0;
            order[k] = k;
        }
        sort_parts = parts;
        qsort(order, (size_t)nparts, sizeof(Py_ssize_t), finding_order);
        sort_parts = NULL;
        for (Py_ssize_t k = 0; k < t->max_finding; k++)
            parts[order[k]].finds = 1;
    }
    /* each part's look-up, kept alive (its words are read in place) until ranked */
    held = PyMem_Calloc((size_t)nparts + 1, sizeof(PyObject *));
    groups = PyMem_Malloc(sizeof(Group) * (size_t)(nparts + nr + 1));
    cbw = PyMem_Malloc(sizeof(CommonEntry) * (size_t)(3 * nparts + 1));
    if (!held || !groups || !cbw) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nparts; k++) {
        PartKey *p = &parts[k];
        if (PyUnicode_GET_LENGTH(p->f) < 2)
            continue;
        PyObject *key = part_key(p);
        if (key == NULL)
            goto done;
        PyObject *got = PyDict_GetItemWithError(cache, key);
        if (got != NULL) {
            Py_INCREF(got);
            hits++;
        }
        else if (PyErr_Occurred()) {
            Py_DECREF(key);
            goto done;
        }
        else {
            made++;
            got = word_lookup(t, p->f, p->tok, p->raw, p->finds, shared);
            if (got == NULL) {
                Py_DECREF(key);
                goto done;
            }
            if (PyDict_GET_SIZE(cache) >= cache_limit)
                PyDict_Clear(cache);
            if (cache_limit && PyDict_SetItem(cache, key, got) < 0) {
                Py_DECREF(key);
                Py_DECREF(got);
                goto done;
            }
        }
        Py_DECREF(key);
        held[k] = got;
        const WordItem *words;
        const CommonRec *commons;
        Py_ssize_t nw, nc;
        if (lookup_parts(got, &words, &nw, &commons, &nc) < 0 || nc > 3)
            goto done;
        for (Py_ssize_t c = 0; c < nc; c++) {
            CommonRec e;
            memcpy(&e, &commons[c], sizeof e);
            CommonEntry entry = {e.count, e.wi, e.wq, e.wc, p->raw};
            Py_ssize_t x = 0;
            while (x < ncbw && cbw[x].wi != e.wi)
                x++;
            if (x == ncbw)
                cbw[ncbw++] = entry;
            else if (e.wq > cbw[x].wq)
                cbw[x] = entry;
        }
        if (nw) {
            Group g = {words, nw, p->kinds == 1 ? 1 : p->kinds == 2 ? 2 : 4};
            groups[ng++] = g;
        }
    }
    /* two adjacent words written as one in the list, and the whole name as one word */
    for (Py_ssize_t r = 0; r < nr; r++) {
        wordvec_clear(&jw);
        Py_ssize_t n = PyTuple_GET_SIZE(toks[r]);
        for (Py_ssize_t i = (n > 1 ? -1 : 0); i < n - 1; i++) {
            Py_ssize_t wi = i < 0 ? vocab_get(t, joined[r])
                                  : vocab_get2(t, PyTuple_GET_ITEM(toks[r], i),
                                               PyTuple_GET_ITEM(toks[r], i + 1));
            if (wi == -2)
                goto done;
            if (wi < 0)
                continue;
            if (t->common_at[wi] >= 0)
                continue;
            double w = word_weight(t, wi, t->unknown_weight);  /* none: a whole name's key */
            if (wordvec_set(&jw, wi, w, w, 0) < 0)
                goto done;
        }
        if (jw.n) {
            WordItem *items = PyMem_Malloc(sizeof(WordItem) * (size_t)jw.n);
            if (items == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            jitems[r] = items;
            ranked_words(&jw, items);
            Group g = {items, jw.n, kind_bit(kinds[r])};
            groups[ng++] = g;
        }
    }
    /* sorted(common_by_word.values()): by posting count, then word (each word once) */
    qsort(cbw, (size_t)ncbw, sizeof(CommonEntry), common_order);
    /* the initials of the query, as letters and as letter bits */
    letters = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(total + 1));
    if (letters == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t nl = 0;
    long long imask = 0;
    for (Py_ssize_t r = 0; r < nr; r++) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(toks[r]); i++) {
            PyObject *tk = PyTuple_GET_ITEM(toks[r], i);
            if (PyUnicode_GET_LENGTH(tk) != 1)
                continue;
            Py_UCS4 c = uch(tk, 0);
            int have = 0;
            for (Py_ssize_t x = 0; x < nl; x++)
                have |= letters[x] == c;
            if (have)
                continue;
            letters[nl++] = c;
            if (c >= 'a' && c <= 'z')
                imask |= 1LL << (c - 'a');
        }
    }
    initials = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, letters, nl);
    if (initials == NULL)
        goto done;
    int is_long = min_len >= t->long_query;
    Py_ssize_t keep = nl ? (is_long ? t->keep_plain : t->keep_initials)
                         : (is_long ? t->keep_long : t->keep_plain);
    result = rank_impl(t, groups, ng, cbw, ncbw, keep, 0.0, readings, imask, initials);
done:
    if (hits || made) {
        for (int x = 0; x < 2; x++) {
            Py_ssize_t add = x ? made : hits;
            PyObject *old = PyList_GET_ITEM(use, x), *n = NULL;
            PyObject *inc = PyLong_FromSsize_t(add);
            if (inc != NULL)
                n = PyNumber_Add(old, inc);
            Py_XDECREF(inc);
            if (n == NULL || PyList_SetItem(use, x, n) < 0) {
                Py_CLEAR(result);
                break;
            }
        }
    }
    for (Py_ssize_t r = 0; r < 2; r++) {
        Py_XDECREF(toks[r]);
        Py_XDECREF(folds[r]);
        Py_XDECREF(raws[r]);
        Py_XDECREF(joined[r]);
    }
    if (held != NULL)
        for (Py_ssize_t k = 0; k < nparts; k++)
            Py_XDECREF(held[k]);
    PyMem_Free(held);
    PyMem_Free(groups);
    PyMem_Free(jitems[0]);
    PyMem_Free(jitems[1]);
    PyMem_Free(cbw);
    PyMem_Free(parts);
    PyMem_Free(order);
    PyMem_Free(jw.v);
    PyMem_Free(jw.hk);
    PyMem_Free(letters);
    Py_XDECREF(pidx);
    Py_XDECREF(initials);
    return result;
}
