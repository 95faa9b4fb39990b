/* The scoring loop, Tables.best, and the Tables type
 * (included by _core.c after _core_tables.c: one translation unit) */

/* ---- best: the scoring loop of NameIndex._search ------------------------------------------ */

/* the row of list part pid for query q: its (similarity, query part) items, computed on first
 * use and kept in the query; -1 with an exception on error */
static int query_row_c(QueryObject *q, TablesObject *t, int32_t pid, Py_ssize_t *start,
                       Py_ssize_t *count)
{
    if (q->rc_cap == 0 || 2 * (q->rc_used + 1) > q->rc_cap) {
        Py_ssize_t cap = q->rc_cap ? 2 * q->rc_cap : 64;
        int32_t *key = PyMem_Malloc(sizeof(int32_t) * (size_t)cap);
        Py_ssize_t *st = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)cap);
        Py_ssize_t *cn = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)cap);
        if (!key || !st || !cn) {
            PyMem_Free(key);
            PyMem_Free(st);
            PyMem_Free(cn);
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t k = 0; k < cap; k++)
            key[k] = -1;
        for (Py_ssize_t k = 0; k < q->rc_cap; k++) {
            if (q->rc_key[k] < 0)
                continue;
            size_t h = ((uint32_t)q->rc_key[k] * 2654435761u) & (size_t)(cap - 1);
            while (key[h] >= 0)
                h = (h + 1) & (size_t)(cap - 1);
            key[h] = q->rc_key[k];
            st[h] = q->rc_start[k];
            cn[h] = q->rc_count[k];
        }
        PyMem_Free(q->rc_key);
        PyMem_Free(q->rc_start);
        PyMem_Free(q->rc_count);
        q->rc_key = key;
        q->rc_start = st;
        q->rc_count = cn;
        q->rc_cap = cap;
    }
    size_t mask = (size_t)(q->rc_cap - 1);
    size_t h = ((uint32_t)pid * 2654435761u) & mask;
    while (q->rc_key[h] >= 0) {
        if (q->rc_key[h] == pid) {
            *start = q->rc_start[h];
            *count = q->rc_count[h];
            return 0;
        }
        h = (h + 1) & mask;
    }
    PyObject *ct = PyList_GET_ITEM(t->part_tok, pid), *cf = PyList_GET_ITEM(t->part_fold, pid),
             *cr = PyList_GET_ITEM(t->part_raw, pid);
    Py_ssize_t s0 = q->ri_len;
    for (Py_ssize_t i = 0; i < q->n; i++) {
        if (q->filtered && !may_match(q, i, ct, cf, cr))
            continue;
        double s = pair_sim(q, i, ct, cf, cr);
        if (s == -1.0 && PyErr_Occurred()) {
            q->ri_len = s0;
            return -1;
        }
        if (s == 0.0)
            continue;
        if (q->ri_len == q->ri_cap) {
            Py_ssize_t cap = q->ri_cap ? 2 * q->ri_cap : 64;
            struct RowItem *ri = PyMem_Realloc(q->ri, sizeof(struct RowItem) * (size_t)cap);
            if (ri == NULL) {
                q->ri_len = s0;
                PyErr_NoMemory();
                return -1;
            }
            q->ri = ri;
            q->ri_cap = cap;
        }
        q->ri[q->ri_len].s = s;
        q->ri[q->ri_len].i = i;
        q->ri_len++;
    }
    /* (pair_sim may have called Python: the table was not touched meanwhile, it is this
     * query's own, but look the slot up again all the same) */
    h = ((uint32_t)pid * 2654435761u) & mask;
    while (q->rc_key[h] >= 0 && q->rc_key[h] != pid)
        h = (h + 1) & mask;
    if (q->rc_key[h] < 0) {
        q->rc_key[h] = pid;
        q->rc_used++;
    }
    q->rc_start[h] = s0;
    q->rc_count[h] = q->ri_len - s0;
    *start = s0;
    *count = q->ri_len - s0;
    return 0;
}

/* one aligned candidate */
typedef struct {
    int32_t ni;
    int person;
    double score;     /* final (after the caller's cap) */
    double score_r;   /* at the precision reported */
    int joined;
    Py_ssize_t pairs_at, npairs;  /* its pairs in the pair buffer */
    PyObject *pairs;  /* as a tuple of (i, j, s), made when needed */
} Aligned;

typedef struct {
    Cand *v;
    Py_ssize_t n, cap;
} CandVec;

static int candvec_reserve(CandVec *a, Py_ssize_t extra)
{
    if (a->n + extra <= a->cap)
        return 0;
    Py_ssize_t cap = a->cap ? a->cap : 64;
    while (cap < a->n + extra)
        cap *= 2;
    Cand *v = PyMem_Realloc(a->v, sizeof(Cand) * (size_t)cap);
    if (v == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    a->v = v;
    a->cap = cap;
    return 0;
}

/* may the joined keys of lq and lc letters replace an alignment's score (score.finish: their
 * similarity times JOINED_FACTOR above it and at least JOINED_MIN)? Their edit distance is at
 * least the difference of their lengths: osa_sim's arithmetic with that distance bounds what
 * osa_sim can give (from above, rounding included: the same monotone steps), so when it says
 * no, the strings need not be read. */
static inline int joined_may_win(Py_ssize_t lq, Py_ssize_t lc, double score)
{
    Py_ssize_t mx = lq > lc ? lq : lc, d = lq > lc ? lq - lc : lc - lq;
    double js = JOINED_FACTOR * (1.0 - (double)d / (double)mx);
    return js > score && js >= JOINED_MIN;
}

/* Can list name ni score below `cut` only, by the query q (its parts' signatures qsig)? A
 * true bound, from what bounds each pair's similarity (sim_bound). The alignment's score is
 * sum W s / (sum W + R): each pair's weight W (its query part's weight plus its list part's)
 * times its similarity s, over the pairs' weights plus what the parts left unmatched add (R).
 * As W s is at most wq a + wc b (a, b: the best similarity the query part, the list part may
 * have with any part), the score is at most the greatest, over the sets of parts that may
 * pair, of sum w a / (sum w + sum r): each part in the set adding its weight times its best
 * similarity above and its weight below, each other part what it adds unmatched (r; for a
 * person's query part the least it may add: see score.assign). That greatest ratio is found
 * as Dinkelbach's: take the parts whose w a >= x (w - r) for the ratio x of the set before,
 * until the set stays the same (or give up: no bound). Joined keys are bounded as in
 * joined_may_win; names with initials (a pair's weights then cross) and joined kana keys
 * (finished in Python) are not bounded. The cap of score.cap only lowers a score. */
static int cannot_reach(QueryObject *q, const struct PartSig *qsig, TablesObject *t, int32_t ni,
                        double cut)
{
    const NameRec *rec = &t->nrec[ni];
    const struct PartSig *pg = t->psig + rec->parts_at;
    Py_ssize_t nc = rec->nparts, nq = q->n, nk = nq + nc;
    if (nq > 64 || nc > 64)
        return 0;
    double w[128], a[128], r[128];
    char in[128];
    for (Py_ssize_t i = 0; i < nq; i++)
        a[i] = 0.0;
    int all_pair = 1;
    for (Py_ssize_t j = 0; j < nc; j++) {
        const struct PartSig *g = &pg[j];
        if (g->len1)
            return 0;
        double b = 0.0;
        for (Py_ssize_t i = 0; i < nq; i++) {
            double x = sim_bound(&qsig[i], g, q->person);
            if (x > a[i])
                a[i] = x;
            if (x > b)
                b = x;
        }
        w[nq + j] = g->w;
        a[nq + j] = b;
        r[nq + j] = g->u;
        all_pair &= b > 0.0;
    }
    if (nq != nc) {
        Py_ssize_t lq = PyUnicode_GET_LENGTH(q->joined), lc = rec->jlen;
        if ((lq < lc ? lq : lc) >= 5) {
            if (uch(q->joined, 0) == KANA_MARK || rec->jkana)
                return 0;
            Py_ssize_t mx = lq > lc ? lq : lc, d = lq > lc ? lq - lc : lc - lq;
            double js = JOINED_FACTOR * (1.0 - (double)d / (double)mx);
            if (js >= JOINED_MIN && js >= cut)
                return 0;
        }
    }
    int middles = q->person && all_pair && nq > nc && nc >= 2;
    for (Py_ssize_t i = 0; i < nq; i++) {
        w[i] = q->w[i];
        double x = q->w[i] * MISSING_MIDDLE;
        r[i] = middles && x < q->u[i] ? x : q->u[i];
    }
    for (Py_ssize_t k = 0; k < nk; k++)
        in[k] = a[k] > 0.0;
    for (int step = 0; step < 10; step++) {
        double num = 0.0, den = 0.0;
        for (Py_ssize_t k = 0; k < nk; k++) {
            if (in[k]) {
                num += w[k] * a[k];
                den += w[k];
            }
            else
                den += r[k];
        }
        double x = den > 0.0 ? num / den : 0.0;
        if (x >= cut)
            return 0;  /* (a ratio some set gives: the bound is at least this) */
        int same = 1;
        for (Py_ssize_t k = 0; k < nk; k++) {
            char v = a[k] > 0.0 && w[k] * a[k] >= x * (w[k] - r[k]);
            same &= v == in[k];
            in[k] = v;
        }
        if (same)
            return 1;  /* the greatest ratio, below cut */
    }
    return 0;
}

/* the signatures of query q's parts (see struct PartSig), NULL with an exception */
static struct PartSig *query_sigs(QueryObject *q)
{
    struct PartSig *g = PyMem_Malloc(sizeof(struct PartSig) * ((size_t)q->n + 1));
    if (g == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < q->n; i++) {
        if (part_sig(PyTuple_GET_ITEM(q->toks, i), PyTuple_GET_ITEM(q->folds, i),
                     PyTuple_GET_ITEM(q->raws, i), &g[i]) < 0) {
            PyMem_Free(g);
            return NULL;
        }
    }
    return g;
}

/* score.assign and the joined comparison of score.finish for list name ni (as align_one, from
 * the flat tables): its kept pairs appended to `pairs` (from out->pairs_at), *how as there */
static int align_flat(QueryObject *q, TablesObject *t, int32_t ni, CandVec *work, CandVec *pairs,
                      Aligned *out, int *how_out)
{
    const NameRec *rec = &t->nrec[ni];
    const PartRef *pr = t->pref + rec->parts_at;
    Py_ssize_t nc = rec->nparts, nq = q->n;
    work->n = 0;
    for (Py_ssize_t j = 0; j < nc; j++) {
        Py_ssize_t start, count;
        if (query_row_c(q, t, pr[j].pid, &start, &count) < 0)
            return -1;
        if (candvec_reserve(work, count) < 0)
            return -1;
        for (Py_ssize_t k = 0; k < count; k++) {
            struct RowItem r = q->ri[start + k];
            Cand *c = &work->v[work->n++];
            c->s = r.s;
            c->negd = -(r.i > j ? r.i - j : j - r.i);
            c->i = r.i;
            c->j = j;
        }
    }
    if (work->n <= 16) {  /* (an insertion sort: the order is total, any sort gives it) */
        for (Py_ssize_t k = 1; k < work->n; k++) {
            Cand x = work->v[k];
            Py_ssize_t z = k;
            while (z > 0 && cand_cmp(&work->v[z - 1], &x) > 0) {
                work->v[z] = work->v[z - 1];
                z--;
            }
            work->v[z] = x;
        }
    }
    else
        qsort(work->v, (size_t)work->n, sizeof(Cand), cand_cmp);
    char used_q_stack[64], used_c_stack[64];
    char *used_q = nq <= 64 ? used_q_stack : PyMem_Calloc((size_t)nq, 1);
    char *used_c = nc <= 64 ? used_c_stack : PyMem_Calloc((size_t)nc, 1);
    if (!used_q || !used_c) {
        if (used_q != used_q_stack)
            PyMem_Free(used_q);
        if (used_c != used_c_stack)
            PyMem_Free(used_c);
        PyErr_NoMemory();
        return -1;
    }
    if (nq <= 64)
        memset(used_q, 0, (size_t)nq);
    if (nc <= 64)
        memset(used_c, 0, (size_t)nc);
    const double *wq = q->w, *uq = q->u;
    double num = 0.0, den = q->u_sum + rec->wmin;
    Py_ssize_t npairs = 0;
    int all_long = 1;
    out->pairs_at = pairs->n;
    int err = 0;
    for (Py_ssize_t k = 0; k < work->n; k++) {
        Cand c = work->v[k];
        if (used_q[c.i] || used_c[c.j])
            continue;
        used_q[c.i] = 1;
        used_c[c.j] = 1;
        int clen1 = pr[c.j].len1;
        double w = q->len1[c.i] ? pr[c.j].w : wq[c.i];
        double w2 = clen1 ? wq[c.i] : pr[c.j].w;
        num += (w + w2) * c.s;
        den += w + w2 - uq[c.i] - pr[c.j].u;
        if (q->len1[c.i] || clen1)
            all_long = 0;
        if (candvec_reserve(pairs, 1) < 0) {
            err = 1;
            break;
        }
        pairs->v[pairs->n++] = c;
        npairs++;
    }
    if (!err) {
        if (q->person && nq > npairs && nc > npairs) {
            for (Py_ssize_t i = 0; i < nq; i++)
                if (!used_q[i])
                    den += wq[i] - uq[i];
        }
        else if (q->person && npairs == nc && nc >= 2 && nq > nc && all_long) {
            int syllables = nc == 2 && pr[0].shortp && pr[1].shortp;
            if (!syllables) {
                for (Py_ssize_t i = 0; i < nq; i++) {
                    if (!used_q[i]) {
                        double x = wq[i] * MISSING_MIDDLE;
                        den -= uq[i] - (x < uq[i] ? x : uq[i]);
                    }
                }
            }
        }
    }
    if (used_q != used_q_stack)
        PyMem_Free(used_q);
    if (used_c != used_c_stack)
        PyMem_Free(used_c);
    if (err)
        return -1;
    out->npairs = npairs;
    double score = den > 0 ? num / den : 0.0;
    int how = 0;
    if (nq != nc) {
        PyObject *jq = q->joined;
        Py_ssize_t lq = PyUnicode_GET_LENGTH(jq), lc = rec->jlen;
        if ((lq < lc ? lq : lc) >= 5) {
            if (uch(jq, 0) == KANA_MARK || rec->jkana) {
                how = 3;
            }
            else if (joined_may_win(lq, lc, score)) {
                PyObject *jc = PyList_GET_ITEM(t->joined, ni);
                int e = 0;
                double js = JOINED_FACTOR * osa_sim(jq, jc, &e);
                if (e) {
                    PyErr_NoMemory();
                    return -1;
                }
                if (js > score && js >= JOINED_MIN) {
                    how = ustr_eq(jq, jc) ? 1 : 2;
                    score = js;
                }
            }
        }
    }
    out->score = score;
    *how_out = how;
    return 0;
}

static PyObject *aligned_pairs(Aligned *a, CandVec *pairs)
{
    if (a->pairs != NULL)
        return a->pairs;
    PyObject *tup = PyTuple_New(a->npairs);
    if (tup == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < a->npairs; k++) {
        Cand *c = &pairs->v[a->pairs_at + k];
        PyObject *p = pair3(c->i, c->j, c->s);
        if (p == NULL) {
            Py_DECREF(tup);
            return NULL;
        }
        PyTuple_SET_ITEM(tup, k, p);
    }
    a->pairs = tup;
    return tup;
}

/* index._pairs_closeness of a candidate's pairs: (sum of similarities rounded, -sum of
 * distances); -1 on error */
static int closeness_c(TablesObject *t, Aligned *a, CandVec *pairs, double *sims,
                       double *rounded, Py_ssize_t *dist)
{
    const Cand *p = pairs->v + a->pairs_at;
    Py_ssize_t d = 0;
    for (Py_ssize_t x = 0; x < a->npairs; x++) {
        sims[x] = p[x].s;
        d += p[x].i > p[x].j ? p[x].i - p[x].j : p[x].j - p[x].i;
    }
    double sum = py_sum(sims, a->npairs);
    if (sum == -1.0 && PyErr_Occurred())
        return -1;
    *dist = -d;
    return round_digits(sum, t->rough_digits, rounded);
}

/* is candidate b an entity's better name than a (already its best)? -1 on error */
static int better(TablesObject *t, Aligned *b, Aligned *a, CandVec *pairs, double *sims)
{
    int rb = -(int)t->nrec[b->ni].rank, ra = -(int)t->nrec[a->ni].rank;
    if (b->score_r != a->score_r)
        return b->score_r > a->score_r;
    if (rb != ra)
        return rb > ra;
    double sb, sa;
    Py_ssize_t db, da;
    if (closeness_c(t, b, pairs, sims, &sb, &db) < 0 || closeness_c(t, a, pairs, sims, &sa, &da) < 0)
        return -1;
    if (sb != sa)
        return sb > sa;
    if (db != da)
        return db > da;
    return -b->ni > -a->ni;
}

/* Ask for what the bound reads of the candidates ids[0 .. n) (-1: skipped) before it reads
 * it: their records, then their parts' signatures, stage by stage (each stage's
 * addresses come from the one before), so that the memory reads of all candidates overlap
 * instead of waiting one after another. (Hints only: nothing read here is relied on.) */
static void prefetch_records(TablesObject *t, const int32_t *ids, Py_ssize_t n)
{
    for (Py_ssize_t k = 0; k < n; k++)
        if (ids[k] >= 0)
            PREFETCH_READ(&t->nrec[ids[k]]);
    for (Py_ssize_t k = 0; k < n; k++) {
        if (ids[k] < 0)
            continue;
        const NameRec *r = &t->nrec[ids[k]];
        const char *g = (const char *)(t->psig + r->parts_at);
        for (size_t b = 0; b < sizeof(struct PartSig) * (size_t)(r->nparts < 4 ? r->nparts : 4);
             b += 64)
            PREFETCH_READ(g + b);
    }
}

/* The same for what the scoring loop reads of the candidates left to align: their joined
 * keys and part strings. */
static void prefetch_strings(TablesObject *t, const int32_t *ids, Py_ssize_t n)
{
    PyObject **ptok = ((PyListObject *)t->part_tok)->ob_item,
             **pfold = ((PyListObject *)t->part_fold)->ob_item,
             **praw = ((PyListObject *)t->part_raw)->ob_item,
             **joined = ((PyListObject *)t->joined)->ob_item;
    for (Py_ssize_t k = 0; k < n; k++) {
        const NameRec *r = &t->nrec[ids[k]];
        PREFETCH_READ(&joined[ids[k]]);
        for (int32_t j = 0; j < r->nparts && j < 8; j++) {
            int32_t pid = t->pref[r->parts_at + j].pid;
            PREFETCH_READ(&ptok[pid]);
            PREFETCH_READ(&pfold[pid]);
            PREFETCH_READ(&praw[pid]);
        }
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        const NameRec *r = &t->nrec[ids[k]];
        PREFETCH_READ(joined[ids[k]]);
        for (int32_t j = 0; j < r->nparts && j < 8; j++) {
            int32_t pid = t->pref[r->parts_at + j].pid;
            PREFETCH_READ(ptok[pid]);
            PREFETCH_READ(pfold[pid]);
            PREFETCH_READ(praw[pid]);
        }
    }
}

/* best(cands, want, q_person, q_org, fix, min_score)
 *   -> [(score at reported precision, name, score, pairs, joined, person)]
 * The loop of NameIndex._search over its candidates: each aligned by the query of its kind
 * (the normalised query q_person or q_org, made into a Query once per kind, in the order kinds
 * are first met), the score capped (score.cap), or for joined kana keys finished by
 * fix(normalised query, name, score, pairs) -> (score, joined) in Python, each entity's best
 * name kept (ties as index._closeness), those scoring min_score or more returned in the order
 * entities were first met. */
static PyObject *Tables_best(TablesObject *t, PyObject *args)
{
    static PyObject *s_tokens = NULL;
    PyObject *cands, *want, *norms[2], *fix;
    double min_score;
    if (!PyArg_ParseTuple(args, "O!OOOOd", &PyList_Type, &cands, &want, &norms[1], &norms[0],
                          &fix, &min_score))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(cands);
    if (t->nrec == NULL || t->forms == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: not built, or no scoring()");
        return NULL;
    }
    int has_tokens[2];
    for (int k = 0; k < 2; k++) {
        PyObject *toks = readings_attr(norms[k], "tokens", &s_tokens);
        if (toks == NULL)
            return NULL;
        has_tokens[k] = PyObject_IsTrue(toks);
        Py_DECREF(toks);
        if (has_tokens[k] < 0)
            return NULL;
    }
    double *sims = NULL;
    struct PartSig *qsig = NULL;
    PyObject *result = NULL;
    PyObject *queries[2] = {NULL, NULL};
    Aligned *al = PyMem_Calloc((size_t)n + 1, sizeof(Aligned));
    int32_t *ids = PyMem_Malloc(sizeof(int32_t) * ((size_t)n + 1));
    int32_t *left = PyMem_Malloc(sizeof(int32_t) * ((size_t)n + 1));
    /* each entity's best so far (an aligned index), and the entity, in the order met */
    int *bests = PyMem_Malloc(sizeof(int) * ((size_t)n + 1));
    int32_t *bent = PyMem_Malloc(sizeof(int32_t) * ((size_t)n + 1));
    Py_ssize_t nbest = 0, nal = 0;
    CandVec work = {NULL, 0, 0}, pairs = {NULL, 0, 0};
    if (!al || !ids || !left || !bests || !bent) {
        PyErr_NoMemory();
        goto done;
    }
    int kinds[2], nkinds = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t ni = PyLong_AsSsize_t(PyList_GET_ITEM(cands, k));
        if (ni == -1 && PyErr_Occurred())
            goto done;
        if (ni < 0 || ni >= t->n_names) {
            PyErr_SetString(PyExc_IndexError, "name id out of range");
            goto done;
        }
        ids[k] = (int32_t)ni;
        int person = t->nrec[ni].person;
        if (want != Py_None && person != (want == Py_True)) {
            ids[k] = -1;
            continue;
        }
        if (!has_tokens[person]) {
            ids[k] = -1;
            continue;
        }
        if (!(nkinds > 0 && kinds[0] == person) && !(nkinds > 1 && kinds[1] == person))
            kinds[nkinds++] = person;
    }
    prefetch_records(t, ids, n);
    for (int g = 0; g < nkinds; g++) {
        int person = kinds[g];
        QueryObject *q = query_make(t, norms[person], person);
        if (q == NULL)
            goto done;
        queries[g] = (PyObject *)q;
        /* candidates that cannot reach min_score (rounded) are not aligned: the margin
         * covers the rounding and the sums' order (see cannot_reach) */
        double cut = min_score - 1e-4;
        int bounded = cut > 0.0 && q->n <= 64;
        for (Py_ssize_t i = 0; bounded && i < q->n; i++)
            bounded = !q->len1[i];
        PyMem_Free(qsig);
        qsig = bounded ? query_sigs(q) : NULL;
        if (bounded && qsig == NULL)
            goto done;
        double *more = PyMem_Realloc(sims, sizeof(double) * (size_t)(q->n + 1));
        if (more == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        sims = more;
        /* the candidates of this kind that may reach min_score, in their order */
        Py_ssize_t nleft = 0;
        for (Py_ssize_t k = 0; k < n; k++) {
            int32_t ni = ids[k];
            if (ni < 0 || t->nrec[ni].person != person)
                continue;
            if (bounded && cannot_reach(q, qsig, t, ni, cut))
                continue;
            left[nleft++] = ni;
        }
        prefetch_strings(t, left, nleft);
        for (Py_ssize_t k = 0; k < nleft; k++) {
            int32_t ni = left[k];
            Aligned *a = &al[nal++];
            a->ni = ni;
            a->person = person;
            int how;
            if (align_flat(q, t, ni, &work, &pairs, a, &how) < 0)
                goto done;
            if (how == 3) {  /* joined kana keys: score.finish in Python */
                PyObject *pt = aligned_pairs(a, &pairs);
                if (pt == NULL)
                    goto done;
                PyObject *r = PyObject_CallFunction(fix, "OidO", norms[person], (int)ni,
                                                    a->score, pt);
                if (r == NULL)
                    goto done;
                if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 2) {
                    Py_DECREF(r);
                    PyErr_SetString(PyExc_TypeError, "fix: expected (score, joined)");
                    goto done;
                }
                a->score = PyFloat_AsDouble(PyTuple_GET_ITEM(r, 0));
                a->joined = PyObject_IsTrue(PyTuple_GET_ITEM(r, 1));
                Py_DECREF(r);
                if ((a->score == -1.0 && PyErr_Occurred()) || a->joined < 0)
                    goto done;
            }
            else {
                /* (the same letters joined differently: no cap) */
                if (how != 1 && cap_c(q, t, ni, pairs.v + a->pairs_at, a->npairs, a->score,
                                      &a->score) < 0)
                    goto done;
                a->joined = how != 0;
            }
            if (round_digits(a->score, t->score_digits, &a->score_r) < 0)
                goto done;
            int32_t ei = t->nrec[ni].ent;
            Py_ssize_t sl = 0;  /* (few candidates: a scan) */
            while (sl < nbest && bent[sl] != ei)
                sl++;
            if (sl == nbest) {
                bests[nbest] = (int)(nal - 1);
                bent[nbest++] = ei;
                continue;
            }
            int b = better(t, a, &al[bests[sl]], &pairs, sims);
            if (b < 0)
                goto done;
            if (b)
                bests[sl] = (int)(nal - 1);
        }
    }
    Py_ssize_t nout = 0;
    for (Py_ssize_t k = 0; k < nbest; k++)
        nout += al[bests[k]].score_r >= min_score;
    result = PyList_New(nout);
    if (result == NULL)
        goto done;
    Py_ssize_t x = 0;
    for (Py_ssize_t k = 0; k < nbest; k++) {
        Aligned *a = &al[bests[k]];
        if (!(a->score_r >= min_score))
            continue;
        PyObject *pt = aligned_pairs(a, &pairs);
        PyObject *e = pt ? Py_BuildValue("(didOOO)", a->score_r, (int)a->ni, a->score, pt,
                                         a->joined ? Py_True : Py_False,
                                         a->person ? Py_True : Py_False) : NULL;
        if (e == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, x++, e);
    }
done:
    for (Py_ssize_t k = 0; k < nal; k++)
        Py_XDECREF(al[k].pairs);
    Py_XDECREF(queries[0]);
    Py_XDECREF(queries[1]);
    PyMem_Free(al);
    PyMem_Free(ids);
    PyMem_Free(left);
    PyMem_Free(bests);
    PyMem_Free(bent);
    PyMem_Free(work.v);
    PyMem_Free(pairs.v);
    PyMem_Free(sims);
    PyMem_Free(qsig);
    return result;
}

static PyMethodDef Tables_methods[] = {
    {"vocabulary", (PyCFunction)Tables_vocabulary, METH_VARARGS,
     "vocabulary(words, vocab, deletes, weights, generic, longest, unknown_weight, keep_plain, "
     "keep_initials, keep_long, long_query, max_finding, fuzzy_max_df, neighbour_share, "
     "initial_weight, generic_weight): what candidates() needs"},
    {"candidates", (PyCFunction)Tables_candidates, METH_VARARGS,
     "candidates(readings, cache, cache_limit, cache_use, shared) -> [name]"},
    {"scoring", (PyCFunction)Tables_scoring, METH_VARARGS,
     "scoring(name_norm, few_parts, token_sim): what best() needs beyond the tables"},
    {"best", (PyCFunction)Tables_best, METH_VARARGS,
     "best(cands, want, q_person, q_org, fix, min_score) -> "
     "[(score_r, name, score, pairs, joined, person)]: each entity's best name"},
    {NULL}
};

static PyTypeObject TablesType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "screening.names._core.Tables",
    .tp_basicsize = sizeof(TablesObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Tables_init,
    .tp_dealloc = (destructor)Tables_dealloc,
    .tp_methods = Tables_methods,
    .tp_doc = "An index's tables as flat arrays, for the compiled search (see index._tables).",
};
