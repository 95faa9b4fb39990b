/* The query of the scoring loop, made from a normalised name (index._Query: its weights, what
 * its parts add unmatched, what score.cap reads of it), Tables.scoring, what the loop reads of
 * each list name beyond the tables, and score.cap itself; Python's round
 * (included by _core.c after _core_candidates.c, before _core_best.c: one translation unit) */

/* the constants of score.cap and score.unmatched_weights (configure_caps) */
static double SINGLE_WORD_CAP = 0.91, CAP_SHORT_WORD = 0.85, KANA_SHORT_CAP = 0.9,
              KANA_SIM = 1.0;
static Py_ssize_t LONG_WORD = 8, SHORT_PART = 5;
static PyObject *patronymic_endings = NULL;  /* tuple of str, or NULL: call is_patronymic_fn */
static PyObject *is_patronymic_fn = NULL;
static PyObject *dropped_article_fn = NULL;  /* japanese.dropped_article (see cap_c) */
static int caps_configured = 0;

static PyObject *core_configure_caps(PyObject *mod, PyObject *args)
{
    PyObject *endings, *fn, *dropped;
    if (!PyArg_ParseTuple(args, "ddddnnOOO", &SINGLE_WORD_CAP, &CAP_SHORT_WORD, &KANA_SHORT_CAP,
                          &KANA_SIM, &LONG_WORD, &SHORT_PART, &endings, &fn, &dropped))
        return NULL;
    if (endings != Py_None) {
        if (!PyTuple_Check(endings)) {
            PyErr_SetString(PyExc_TypeError, "patronymic endings: a tuple of str or None");
            return NULL;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(endings); k++) {
            if (!PyUnicode_Check(PyTuple_GET_ITEM(endings, k))) {
                PyErr_SetString(PyExc_TypeError, "patronymic endings: a tuple of str or None");
                return NULL;
            }
        }
    }
    if (!PyCallable_Check(fn) || !PyCallable_Check(dropped)) {
        PyErr_SetString(PyExc_TypeError, "is_patronymic, dropped_article: functions");
        return NULL;
    }
    Py_XSETREF(patronymic_endings, endings == Py_None ? NULL : Py_NewRef(endings));
    Py_XSETREF(is_patronymic_fn, Py_NewRef(fn));
    Py_XSETREF(dropped_article_fn, Py_NewRef(dropped));
    caps_configured = 1;
    Py_RETURN_NONE;
}

/* normalize.is_patronymic: the token ends with one of the endings (as the pattern's `$`, also
 * before a final line break); -1 on error */
static int is_patronymic(PyObject *tok)
{
    if (patronymic_endings == NULL) {
        PyObject *r = PyObject_CallOneArg(is_patronymic_fn, tok);
        if (r == NULL)
            return -1;
        int v = PyObject_IsTrue(r);
        Py_DECREF(r);
        return v;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(tok);
    if (n && uch(tok, n - 1) == '\n')
        n--;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(patronymic_endings); k++) {
        Py_ssize_t m = PyUnicode_Tailmatch(tok, PyTuple_GET_ITEM(patronymic_endings, k), 0, n, 1);
        if (m < 0)
            return -1;
        if (m)
            return 1;
    }
    return 0;
}

/* the part (index) of `folds` that is its one distinctive word -- longer than an initial, not
 * generic -- or -1 when there are none or several (score.cap); -2 on error */
static Py_ssize_t one_distinct(TablesObject *t, PyObject *folds)
{
    Py_ssize_t found = -1;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(folds); k++) {
        PyObject *f = PyTuple_GET_ITEM(folds, k);
        if (PyUnicode_GET_LENGTH(f) <= 1)
            continue;
        int g = PySet_Contains(t->generic, f);
        if (g < 0)
            return -2;
        if (g)
            continue;
        if (found >= 0)
            return -1;
        found = k;
    }
    return found;
}

/* index._Query of a normalised name (its weights, what its parts add unmatched, what score.cap
 * reads of it), for names of one kind; NULL with an exception */
static QueryObject *query_make(TablesObject *t, PyObject *norm, int person)
{
    static PyObject *s_tokens = NULL, *s_folds = NULL, *s_raws = NULL, *s_joined = NULL,
                    *s_form = NULL;
    QueryObject *q = PyObject_New(QueryObject, &QueryType);
    if (q == NULL)
        return NULL;
    /* (every field zeroed first: Query_dealloc frees whatever was set) */
    memset((char *)q + sizeof(PyObject), 0, sizeof(QueryObject) - sizeof(PyObject));
    PyObject *form = NULL;
    q->toks = readings_attr(norm, "tokens", &s_tokens);
    q->folds = q->toks ? readings_attr(norm, "folds", &s_folds) : NULL;
    q->raws = q->folds ? readings_attr(norm, "raws", &s_raws) : NULL;
    q->joined = q->raws ? readings_attr(norm, "joined", &s_joined) : NULL;
    form = q->joined ? readings_attr(norm, "legal_form", &s_form) : NULL;
    if (form == NULL)
        goto fail;
    if (PyTuple_Check(q->raws) && PyTuple_GET_SIZE(q->raws) == 0)  /* q.raws or q.tokens */
        Py_SETREF(q->raws, Py_NewRef(q->toks));
    Py_ssize_t n = PyTuple_Check(q->toks) ? PyTuple_GET_SIZE(q->toks) : -1;
    if (n < 0 || check_strs(q->toks, n, "tokens") || check_strs(q->folds, n, "folds")
        || check_strs(q->raws, n, "raws"))
        goto fail;
    if (!PyUnicode_Check(q->joined) || PyUnicode_GET_LENGTH(q->joined) == 0) {
        PyErr_SetString(PyExc_TypeError, "joined: expected non-empty str");
        goto fail;
    }
    q->n = n;
    q->person = person;
    q->filtered = n > t->few_parts;
    q->w = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    q->u = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    q->len1 = PyMem_Malloc((size_t)(n + 1));
    if (!q->w || !q->u || !q->len1) {
        PyErr_NoMemory();
        goto fail;
    }
    q->all_short = 1;
    q->all_kana = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *tok = PyTuple_GET_ITEM(q->toks, i), *f = PyTuple_GET_ITEM(q->folds, i);
        Py_ssize_t lt = PyUnicode_GET_LENGTH(tok);
        q->len1[i] = lt == 1;
        q->all_short &= lt <= SHORT_PART;
        q->all_kana &= uch(f, 0) == KANA_MARK;
        if (t_weight(t, f, &q->w[i]) < 0)
            goto fail;
        q->u[i] = q->w[i];
        if (person) {  /* score.unmatched_weights: an optional part counts a fraction */
            int middle = 0 < i && i < n - 1;
            if (!middle && n > 2) {
                middle = is_patronymic(tok);
                if (middle < 0)
                    goto fail;
            }
            q->u[i] = q->w[i] * (middle ? MISSING_MIDDLE : 1.0);
        }
    }
    q->u_sum = py_sum(q->u, n);
    if (q->u_sum == -1.0 && PyErr_Occurred())
        goto fail;
    q->dk = one_distinct(t, q->folds);
    if (q->dk == -2)
        goto fail;
    q->form = -1;
    if (form != Py_None) {
        PyObject *id = PyDict_GetItemWithError(t->forms, form);
        if (id == NULL && PyErr_Occurred())
            goto fail;
        q->form = id == NULL ? -2 : (int)PyLong_AsLong(id);
    }
    Py_DECREF(form);
    q->part_tok = Py_NewRef(t->part_tok);
    q->part_fold = Py_NewRef(t->part_fold);
    q->part_raw = Py_NewRef(t->part_raw);
    q->token_sim_fn = Py_NewRef(t->token_sim_fn);
    return q;
fail:
    Py_XDECREF(form);
    Py_DECREF(q);
    return NULL;
}

/* What bounds token_sim of two parts from above without reading them (Tables.best's bound):
 * hashes of the spelling and the fold (different hashes: different strings), letters in the
 * spelling, the fold and the spelling as written, a bit per letter in each (a letter of one
 * whose bit the other lacks needs an edit of its own), katakana fold, written otherwise. */
struct PartSig {
    Py_hash_t htok, hfold;
    uint64_t btok, bfold, braw;
    int32_t ltok, lfold, lraw;
    unsigned char kana, rawdiff;
    unsigned char len1;     /* an initial (list parts: as PartRef) */
    double w, u;            /* its weight and what it adds unmatched (list parts: as PartRef) */
};

static inline uint64_t letter_bits(PyObject *s)
{
    uint64_t b = 0;
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t k = 0, n = PyUnicode_GET_LENGTH(s); k < n; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        b |= (uint64_t)1 << (c >= 'a' && c <= 'z' ? c - 'a' : 26 + c % 38);
    }
    return b;
}

/* the signature of a part (spelling, fold, as written: non-empty str); -1 on error */
static int part_sig(PyObject *tok, PyObject *fold, PyObject *raw, struct PartSig *g)
{
    g->htok = PyObject_Hash(tok);
    g->hfold = PyObject_Hash(fold);
    if (g->htok == -1 || g->hfold == -1)
        return -1;
    g->btok = letter_bits(tok);
    g->bfold = letter_bits(fold);
    g->braw = letter_bits(raw);
    g->ltok = (int32_t)PyUnicode_GET_LENGTH(tok);
    g->lfold = (int32_t)PyUnicode_GET_LENGTH(fold);
    g->lraw = (int32_t)PyUnicode_GET_LENGTH(raw);
    g->kana = uch(fold, 0) == KANA_MARK;
    g->rawdiff = !ustr_eq(raw, tok);
    return 0;
}

/* a lower bound of the edit distance of two strings of la and lb letters with letter bits a
 * and b: each edit changes the length by one at most, and brings in or takes out one letter */
static inline Py_ssize_t distance_bound(int32_t la, int32_t lb, uint64_t a, uint64_t b)
{
    Py_ssize_t d = la > lb ? la - lb : lb - la;
    Py_ssize_t x = popcount64(a & ~b), y = popcount64(b & ~a);
    if (x > d)
        d = x;
    return y > d ? y : d;
}

/* osa_sim's arithmetic with a lower bound of the distance: an upper bound of it */
static inline double sim_from(Py_ssize_t d, int32_t la, int32_t lb)
{
    Py_ssize_t mx = la > lb ? la : lb;
    return 1.0 - (mx ? (double)d / (double)mx : 0.0);
}

/* an upper bound of token_sim of query part a and list part b (the same steps, with bounds of
 * the distances: each similarity it may take bounded from above, each zero it must give
 * kept) */
static double sim_bound(const struct PartSig *a, const struct PartSig *b, int person)
{
    if (a->htok == b->htok)
        return 1.0;
    if (a->hfold == b->hfold)
        return FOLD_SIM;
    if (a->kana || b->kana)
        return KANA_SIM > 1.0 ? KANA_SIM : 1.0;
    int32_t lq = a->ltok, lc = b->ltok;
    if (lq == 1 || lc == 1)
        return (lq == lc || !person) ? 0.0 : INITIAL_SIM;
    int raw = a->rawdiff || b->rawdiff;
    if (lq <= SHORT_WORD && lc <= SHORT_WORD
        && (!raw || (a->lraw <= SHORT_WORD && b->lraw <= SHORT_WORD)))
        return 0.0;
    double s;
    if (lq * 10 < lc * 6 || lc * 10 < lq * 6) {
        if (!raw)
            return 0.0;
        s = 0.0;
    }
    else {
        Py_ssize_t d = distance_bound(lq, lc, a->btok, b->btok);
        s = sim_from(d, lq, lc);
        if (d <= 1 && s < ONE_EDIT_SIM && (lq > lc ? lq : lc) >= 7)
            s = ONE_EDIT_SIM;
        double x = FOLD_SIM * sim_from(distance_bound(a->lfold, b->lfold, a->bfold, b->bfold),
                                       a->lfold, b->lfold);
        if (x > s)
            s = x;
    }
    if (raw) {
        double x = sim_from(distance_bound(a->lraw, b->lraw, a->braw, b->braw), a->lraw,
                            b->lraw);
        if (x > s)
            s = x;
    }
    if ((lq > lc ? lq : lc) <= 5)
        return s >= SHORT_PAIR_SIM - 1e-9 ? s : 0.0;
    return s >= MIN_PAIR_SIM - 1e-9 ? s : 0.0;
}

/* token_sim_bound(qt, qf, ct, cf, qr, cr, person) -> what sim_bound gives for the two parts
 * (for tests: at least score.token_sim of them) */
static PyObject *core_token_sim_bound(PyObject *mod, PyObject *args)
{
    PyObject *p[6];
    int person;
    if (!PyArg_ParseTuple(args, "UUUUUUp", &p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &person))
        return NULL;
    for (int k = 0; k < 6; k++) {
        if (PyUnicode_GET_LENGTH(p[k]) == 0) {
            PyErr_SetString(PyExc_ValueError, "token_sim_bound: empty part");
            return NULL;
        }
    }
    struct PartSig a, b;
    if (part_sig(p[0], p[1], p[4], &a) < 0 || part_sig(p[2], p[3], p[5], &b) < 0)
        return NULL;
    return PyFloat_FromDouble(sim_bound(&a, &b, person));
}

/* scoring(name_norm, few_parts, token_sim): what the scoring loop reads of each name beyond
 * the tables (for score.cap, from the name's own normalisation: a part's fold in the part
 * tables is that of the part's first name), the query size from which only the parts that may
 * be similar are compared (index._FEW_PARTS), and the Python token_sim (kana keys) */
static PyObject *Tables_scoring(TablesObject *t, PyObject *args)
{
    static PyObject *s_tokens = NULL, *s_folds = NULL, *s_form = NULL;
    PyObject *norms, *fn;
    Py_ssize_t few;
    if (!PyArg_ParseTuple(args, "O!nO", &PyList_Type, &norms, &few, &fn))
        return NULL;
    if (t->generic == NULL || t->forms != NULL || !caps_configured) {
        PyErr_SetString(PyExc_RuntimeError,
                        "Tables: no vocabulary, scoring already set, or caps not configured");
        return NULL;
    }
    if (PyList_GET_SIZE(norms) != t->n_names) {
        PyErr_SetString(PyExc_ValueError, "name_norm: one per name");
        return NULL;
    }
    PyObject *forms = PyDict_New();
    if (forms == NULL)
        return NULL;
    for (Py_ssize_t ni = 0; ni < t->n_names; ni++) {
        PyObject *norm = PyList_GET_ITEM(norms, ni);
        NameRec *r = &t->nrec[ni];
        PyObject *toks = readings_attr(norm, "tokens", &s_tokens);
        PyObject *folds = toks ? readings_attr(norm, "folds", &s_folds) : NULL;
        PyObject *form = folds ? readings_attr(norm, "legal_form", &s_form) : NULL;
        int bad = form == NULL;
        if (!bad && (!PyTuple_Check(toks) || PyTuple_GET_SIZE(toks) != r->nparts
                     || check_strs(toks, r->nparts, "tokens")
                     || !PyTuple_Check(folds) || check_strs(folds, r->nparts, "folds"))) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "name_norm: a name's parts do not fit");
            bad = 1;
        }
        if (!bad) {
            Py_ssize_t dk = one_distinct(t, folds);
            r->dk = (int32_t)dk;
            bad = dk == -2;
            PyObject *jc = PyList_GET_ITEM(t->joined, ni);
            r->jlen = (int32_t)PyUnicode_GET_LENGTH(jc);
            r->jkana = r->jlen > 0 && uch(jc, 0) == KANA_MARK;
            r->all_short = 1;
            for (Py_ssize_t j = 0; j < r->nparts; j++)
                r->all_short &= PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(toks, j)) <= SHORT_PART;
            r->form = -1;
            if (!bad && form != Py_None) {
                PyObject *id = PyDict_GetItemWithError(forms, form);
                if (id == NULL && !PyErr_Occurred()) {
                    id = PyLong_FromSsize_t(PyDict_GET_SIZE(forms));
                    if (id == NULL || PyDict_SetItem(forms, form, id) < 0)
                        bad = 1;
                    Py_XDECREF(id);  /* (the dict holds it) */
                }
                if (!bad && id != NULL)
                    r->form = (int32_t)PyLong_AsLong(id);
                bad |= id == NULL;
            }
        }
        Py_XDECREF(toks);
        Py_XDECREF(folds);
        Py_XDECREF(form);
        if (bad) {
            Py_DECREF(forms);
            return NULL;
        }
    }
    /* one signature per name part, as the names' parts in `pref` (a name's together: the
     * bound reads them in one go) */
    Py_ssize_t nref = 0;
    for (Py_ssize_t ni = 0; ni < t->n_names; ni++) {
        Py_ssize_t end = (Py_ssize_t)t->nrec[ni].parts_at + t->nrec[ni].nparts;
        nref = end > nref ? end : nref;
    }
    struct PartSig *part = PyMem_Malloc(sizeof(struct PartSig) * ((size_t)t->n_parts + 1));
    t->psig = PyMem_Malloc(sizeof(struct PartSig) * ((size_t)nref + 1));
    int failed = part == NULL || t->psig == NULL;
    if (failed)
        PyErr_NoMemory();
    for (Py_ssize_t p = 0; !failed && p < t->n_parts; p++)
        failed = part_sig(PyList_GET_ITEM(t->part_tok, p), PyList_GET_ITEM(t->part_fold, p),
                          PyList_GET_ITEM(t->part_raw, p), &part[p]) < 0;
    for (Py_ssize_t k = 0; !failed && k < nref; k++) {
        const PartRef *r = &t->pref[k];
        t->psig[k] = part[r->pid];
        t->psig[k].len1 = r->len1;
        t->psig[k].w = r->w;
        t->psig[k].u = r->u;
    }
    PyMem_Free(part);
    if (failed) {
        PyMem_Free(t->psig);
        t->psig = NULL;
        Py_DECREF(forms);
        return NULL;
    }
    t->forms = forms;
    t->few_parts = few;
    t->token_sim_fn = Py_NewRef(fn);
    Py_RETURN_NONE;
}

/* round(x, digits) as Python computes it (correctly rounded to a decimal string and back) */
static int round_digits(double x, int digits, double *out)
{
    if (!isfinite(x)) {
        *out = x;
        return 0;
    }
    if (digits <= 15) {
        /* x * 10^digits is within half an ulp of the exact product; unless that is near
         * a half (where the exact value decides), the nearest integer is the one Python's
         * correctly rounded decimal gives, and dividing by 10^digits (exact) rounds correctly
         * to the same double */
        double scale = 1.0;
        for (int k = 0; k < digits; k++)
            scale *= 10.0;
        double y = x * scale;
        if (fabs(y) < 67108864.0) {  /* 2^26: an ulp of y is below 2^-26 */
            double fl = floor(y), d = y - fl;
            if (fabs(d - 0.5) > 1e-6) {
                double r = (d > 0.5 ? fl + 1.0 : fl) / scale;
                *out = r == 0.0 ? copysign(0.0, x) : r;  /* (round(-1e-9, 4) is -0.0) */
                return 0;
            }
        }
    }
    char *buf = PyOS_double_to_string(x, 'f', digits, 0, NULL);
    if (buf == NULL)
        return -1;
    double r = PyOS_string_to_double(buf, NULL, NULL);
    PyMem_Free(buf);
    if (r == -1.0 && PyErr_Occurred())
        return -1;
    *out = r;
    return 0;
}

static PyObject *core_round(PyObject *mod, PyObject *args)
{
    double x, r;
    int digits;
    if (!PyArg_ParseTuple(args, "di", &x, &digits))
        return NULL;
    if (digits < 0 || digits > 15) {
        PyErr_SetString(PyExc_ValueError, "digits: 0 to 15");
        return NULL;
    }
    if (round_digits(x, digits, &r) < 0)
        return NULL;
    return PyFloat_FromDouble(r);
}

/* score.cap of a candidate's score (its pairs: pairs[0 .. np)) into *out; -1 on error */
static int cap_c(QueryObject *q, TablesObject *t, int32_t ni, const Cand *pairs,
                 Py_ssize_t np, double score, double *out)
{
    *out = score;
    if (score <= CAP_SHORT_WORD)
        return 0;
    const NameRec *r = &t->nrec[ni];
    const PartRef *pr = t->pref + r->parts_at;
    for (int side = 0; side < 2; side++) {
        Py_ssize_t k = side == 0 ? q->dk : r->dk;
        if (k < 0)
            continue;  /* no single distinctive word on this side */
        double sim = 0.0;
        Py_ssize_t other = -1;
        for (Py_ssize_t x = 0; x < np; x++) {
            if ((side == 0 ? pairs[x].i : pairs[x].j) == k) {
                sim = pairs[x].s;
                other = side == 0 ? pairs[x].j : pairs[x].i;
                break;
            }
        }
        if (!(sim < 1.0))
            continue;
        Py_ssize_t lk, lo = 0;
        if (side == 0) {
            lk = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(q->toks, k));
            if (other >= 0)
                lo = PyUnicode_GET_LENGTH(PyList_GET_ITEM(t->part_tok, pr[other].pid));
        }
        else {
            lk = PyUnicode_GET_LENGTH(PyList_GET_ITEM(t->part_tok, pr[k].pid));
            if (other >= 0)
                lo = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(q->toks, other));
        }
        Py_ssize_t longest = lk > lo ? lk : lo;
        int same_form = q->form >= 0 && q->form == r->form;
        int folded = sim >= FOLD_SIM - 1e-9;
        if (!folded && longest >= LONG_WORD)
            break;  /* one typo in a long word is the score's to judge */
        /* a katakana word whose kana key is only near its partner's (score.cap) */
        Py_ssize_t qi = side == 0 ? k : other;
        int kana = qi >= 0 && uch(PyTuple_GET_ITEM(q->folds, qi), 0) == KANA_MARK
                   && sim < KANA_SIM - 1e-9;
        double c = ((folded && longest <= SHORT_PART && !same_form) || kana) ? CAP_SHORT_WORD
                                                                             : SINGLE_WORD_CAP;
        *out = c < score ? c : score;  /* min(score, c) */
        return 0;
    }
    if (np && q->all_short && r->all_short) {
        for (Py_ssize_t x = 0; x < np; x++)
            if (ustr_eq(PyTuple_GET_ITEM(q->raws, pairs[x].i),
                        PyList_GET_ITEM(t->part_raw, pr[pairs[x].j].pid)))
                return 0;  /* a part matched as written */
        double c = CAP_SHORT_WORD;
        if (np == q->n && np >= 2 && q->all_kana) {
            int kana = 1;
            for (Py_ssize_t x = 0; x < np; x++)
                kana &= pairs[x].s >= KANA_SIM;
            /* every part paired but the articles katakana leaves out (japanese.dropped_article:
             * AL-ASSAD = アサド), read in Python: a rare case */
            Py_ssize_t articles = 0;
            for (Py_ssize_t j = 0; kana && j < r->nparts; j++) {
                PyObject *v = PyObject_CallOneArg(dropped_article_fn,
                                                  PyList_GET_ITEM(t->part_tok, pr[j].pid));
                int d = v == NULL ? -1 : PyObject_IsTrue(v);
                Py_XDECREF(v);
                if (d < 0)
                    return -1;
                articles += d;
            }
            if (kana && np == r->nparts - articles)
                c = KANA_SHORT_CAP;
        }
        *out = c < score ? c : score;
    }
    return 0;
}
