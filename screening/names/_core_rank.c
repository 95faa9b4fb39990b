/* The ranking of candidates, Tables.rank
 * (included by _core.c after _core_tables.c: one translation unit) */

#define PREFETCH 8
#if defined(__GNUC__)
#define PREFETCH_SLOT(p) __builtin_prefetch((p), 1)
#define PREFETCH_READ(p) __builtin_prefetch((const void *)(p), 0)
#else
#define PREFETCH_SLOT(p) ((void)0)
#define PREFETCH_READ(p) ((void)(p))
#endif

/* ---- rank: NameIndex._candidates from the accumulation on, and _best ------------------------ */

typedef struct {
    int32_t ni;
    double acc;
    int fits;
    int32_t ent;
    unsigned char rank;
    double rough;  /* rounded acc / denominator */
} RankItem;

/* np.lexsort((-names, -rank, -ents, fits, acc)) order: ascending acc, fits, then descending
 * entity, rank, name (numpy sorts NaN last) */
static inline int nan_cmp(double a, double b)
{
    if (a < b)
        return -1;
    if (a > b)
        return 1;
    if (a == b)
        return 0;
    return isnan(a) ? (isnan(b) ? 0 : 1) : -1;
}

static int pre_cmp(const RankItem *a, const RankItem *b)
{
    int c = nan_cmp(a->acc, b->acc);
    if (c)
        return c;
    if (a->fits != b->fits)
        return a->fits < b->fits ? -1 : 1;
    if (a->ent != b->ent)
        return a->ent > b->ent ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank > b->rank ? -1 : 1;
    if (a->ni != b->ni)
        return a->ni > b->ni ? -1 : 1;
    return 0;
}

/* np.lexsort((names, rank, ents, -rough)): descending rough score (as the negation sorts,
 * NaN last), then ascending entity, rank, name */
static int final_cmp(const void *pa, const void *pb)
{
    const RankItem *a = pa, *b = pb;
    int c = nan_cmp(-a->rough, -b->rough);
    if (c)
        return c;
    if (a->ent != b->ent)
        return a->ent < b->ent ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->ni != b->ni)
        return a->ni < b->ni ? -1 : 1;
    return 0;
}

/* keep the `n` greatest of items[0..m) by pre_cmp in items[0..n) (a min-heap) */
static void heap_sift(RankItem *h, Py_ssize_t n, Py_ssize_t k)
{
    for (;;) {
        Py_ssize_t l = 2 * k + 1, r = l + 1, m = k;
        if (l < n && pre_cmp(&h[l], &h[m]) < 0)
            m = l;
        if (r < n && pre_cmp(&h[r], &h[m]) < 0)
            m = r;
        if (m == k)
            return;
        RankItem x = h[k];
        h[k] = h[m];
        h[m] = x;
        k = m;
    }
}

static void top_n(RankItem *items, Py_ssize_t m, Py_ssize_t n)
{
    for (Py_ssize_t k = n / 2; k-- > 0;)
        heap_sift(items, n, k);
    for (Py_ssize_t k = n; k < m; k++) {
        if (pre_cmp(&items[k], &items[0]) > 0) {
            items[0] = items[k];
            heap_sift(items, n, 0);
        }
    }
}

/* the k-th greatest of a[0..n) (k from 0), by nan_cmp; a is reordered (a quickselect with a
 * three-way partition: many weights are equal) */
static double kth_greatest(double *a, Py_ssize_t n, Py_ssize_t k)
{
    Py_ssize_t lo = 0, hi = n;
    for (;;) {
        double x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi - 1], pivot;
        /* the median of three */
        if (nan_cmp(x, y) < 0)
            pivot = nan_cmp(y, z) < 0 ? y : (nan_cmp(x, z) < 0 ? z : x);
        else
            pivot = nan_cmp(x, z) < 0 ? x : (nan_cmp(y, z) < 0 ? z : y);
        Py_ssize_t gt = lo, i = lo, lt = hi;  /* [lo, gt) greater, [gt, lt) equal, rest less */
        while (i < lt) {
            int c = nan_cmp(a[i], pivot);
            if (c > 0) {
                double t = a[gt];
                a[gt++] = a[i];
                a[i++] = t;
            }
            else if (c < 0) {
                double t = a[--lt];
                a[lt] = a[i];
                a[i] = t;
            }
            else
                i++;
        }
        if (k < gt)
            hi = gt;
        else if (k < lt)
            return pivot;
        else
            lo = lt;
    }
}

typedef struct {
    double v;
    Py_ssize_t wi;
    PyObject *raw;
} CommonItem;

typedef struct {
    int32_t ni, k;
} NameAt;

static int by_name(const void *pa, const void *pb)
{
    int32_t x = ((const NameAt *)pa)->ni, y = ((const NameAt *)pb)->ni;
    return (x > y) - (x < y);
}

/* (name, place) of each of items[0..n), by name; NULL with an exception */
static NameAt *sorted_by_name(const RankItem *items, Py_ssize_t n)
{
    NameAt *out = PyMem_Malloc(sizeof(NameAt) * (size_t)(n + 1));
    if (out == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        out[k].ni = items[k].ni;
        out[k].k = (int32_t)k;
    }
    qsort(out, (size_t)n, sizeof(NameAt), by_name);
    return out;
}

static int common_desc(const void *pa, const void *pb)
{
    /* sorted(group, reverse=True) of (value, word) pairs */
    const CommonItem *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v > b->v ? -1 : 1;
    if (a->wi != b->wi)
        return a->wi > b->wi ? -1 : 1;
    return 0;
}

static inline int popcount64(uint64_t x)
{
    int c = 0;
    while (x) {
        x &= x - 1;
        c++;
    }
    return c;
}

/* a word that finds names, with the weight a name holding it gains (query + list weight) */
typedef struct {
    int64_t wi;
    double v;
} WordItem;

/* a common word a query part ranks names by (index._word_lookup's common entries) */
typedef struct {
    int64_t count, wi;
    double wq, wc;
    PyObject *raw;  /* (borrowed: the query part as written) */
} CommonEntry;

/* one query part's words, best first, for the names of a kind (1: persons, 2: others, 4: all) */
typedef struct {
    const WordItem *items;
    Py_ssize_t n;
    int kind;
} Group;

/* the accumulation of `groups` (NameIndex._accumulate) into s->slots, the names in `order` */
static int rank_accumulate(TablesObject *t, const Group *groups, Py_ssize_t ng, Scratch *s,
                           IdVec *order)
{
    /* ask for every word's posting bounds, then the start of its postings, ahead (their
     * reads overlap instead of waiting one after another; hints only) */
    for (int stage = 0; stage < 2; stage++) {
        for (Py_ssize_t g = 0; g < ng; g++) {
            for (Py_ssize_t k = 0; k < groups[g].n; k++) {
                WordItem item;
                memcpy(&item, &groups[g].items[k], sizeof item);
                if (item.wi < 0 || item.wi >= t->n_words)
                    continue;  /* (refused below) */
                if (stage == 0) {
                    PREFETCH_READ(&t->post_at[item.wi]);
                    PREFETCH_READ(&t->split[item.wi]);
                }
                else
                    PREFETCH_READ(t->post + t->post_at[item.wi]);
                if (groups[g].n == 1)
                    break;
            }
        }
    }
    for (Py_ssize_t g = 0; g < ng; g++) {
        Py_ssize_t nitems = groups[g].n;
        int kind = groups[g].kind;
        for (Py_ssize_t k = 0; k < nitems; k++) {
            WordItem item;
            memcpy(&item, &groups[g].items[k], sizeof item);
            Py_ssize_t wi = (Py_ssize_t)item.wi;
            double v = item.v;
            if (wi < 0 || wi >= t->n_words) {
                PyErr_SetString(PyExc_IndexError, "word id out of range");
                return -1;
            }
            Py_ssize_t lo = t->post_at[wi], hi = t->post_at[wi + 1];
            if (kind == 1)
                hi = lo + t->split[wi];
            else if (kind == 2)
                lo = lo + t->split[wi];
            for (Py_ssize_t x = lo; x < hi; x++) {
                int32_t ni = t->post[x];
                if (x + PREFETCH < hi)  /* (the slots are read at random: ask for them early) */
                    PREFETCH_SLOT(&s->slots[t->post[x + PREFETCH]]);
                AccSlot *sl = &s->slots[ni];
                if (nitems > 1 && sl->stamp == g + 1)
                    continue;  /* counted for this group by a better word */
                if (!sl->seen) {
                    /* (a slot is marked once its name is in `order`: the call resets it) */
                    if (idvec_push(order, ni) < 0)
                        return -1;
                    sl->seen = 1;
                }
                if (nitems > 1)
                    sl->stamp = (int)(g + 1);
                sl->acc = sl->acc + v;
            }
            if (nitems == 1)
                break;
        }
    }
    return 0;
}

static int add_found(Scratch *s, IdVec *order, int32_t ni)
{
    if (s->slots[ni].seen)
        return 0;
    if (idvec_push(order, ni) < 0)
        return -1;
    s->slots[ni].seen = 1;
    return 0;
}

/* The candidates of NameIndex._candidates from its groups of words and its common words
 * sorted, `keep` of them, ranked as `_best` (wq_total, or when `lazy` is given computed from
 * these readings when needed; the initials as letter bits and as a str of distinct letters) */
static double readings_wq_total(TablesObject *t, PyObject *readings);

static PyObject *rank_impl(TablesObject *t, const Group *groups, Py_ssize_t ng,
                           const CommonEntry *common, Py_ssize_t nc, Py_ssize_t keep,
                           double wq_total, PyObject *lazy, long long imask, PyObject *initials)
{
    if (keep < 0) {
        PyErr_SetString(PyExc_ValueError, "keep < 0");
        return NULL;
    }
    Scratch s;
    if (scratch_take(t, &s) < 0)
        return NULL;
    IdVec order = {NULL, 0, 0};
    CommonItem *cm = NULL;
    RankItem *items = NULL;
    char *credited = NULL, *hits = NULL, *left = NULL;
    NameAt *byname = NULL;
    PyObject *result = NULL;
    if (rank_accumulate(t, groups, ng, &s, &order) < 0)
        goto done;
    cm = PyMem_Malloc(sizeof(CommonItem) * (size_t)(nc + 1));
    if (cm == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nc; k++) {
        cm[k].wi = (Py_ssize_t)common[k].wi;
        cm[k].v = common[k].wq + common[k].wc;
        cm[k].raw = common[k].raw;
        if (cm[k].wi < 0 || cm[k].wi >= t->n_words || t->common_at[cm[k].wi] < 0) {
            PyErr_SetString(PyExc_ValueError, "common: not a common word");
            goto done;
        }
    }
    if (nc > 1) {
        /* names holding two of the rarest common words (of different query words) */
        Py_ssize_t m = nc < t->max_common_pairs ? nc : t->max_common_pairs;
        for (Py_ssize_t x = 0; x < m; x++) {
            for (Py_ssize_t y = x + 1; y < m; y++) {
                if (ustr_eq(cm[x].raw, cm[y].raw))
                    continue;
                Py_ssize_t w1 = cm[x].wi, w2 = cm[y].wi;
                const int32_t *a = t->csorted + t->common_at[w1], *b = t->csorted + t->common_at[w2];
                Py_ssize_t na = t->post_at[w1 + 1] - t->post_at[w1];
                Py_ssize_t nb = t->post_at[w2 + 1] - t->post_at[w2];
                Py_ssize_t i = 0, j = 0;
                int32_t last = -1;
                while (i < na && j < nb) {
                    if (a[i] < b[j])
                        i++;
                    else if (a[i] > b[j])
                        j++;
                    else {
                        if (a[i] != last && add_found(&s, &order, a[i]) < 0)
                            goto done;
                        last = a[i];
                        i++;
                        j++;
                    }
                }
            }
        }
    }
    else if (nc == 1 && order.n == 0) {
        Py_ssize_t w = cm[0].wi;
        for (Py_ssize_t x = t->post_at[w]; x < t->post_at[w + 1]; x++)
            if (add_found(&s, &order, t->post[x]) < 0)
                goto done;
    }
    Py_ssize_t n = order.n;
    if (n <= keep) {
        result = PyList_New(n);
        if (result == NULL)
            goto done;
        for (Py_ssize_t k = 0; k < n; k++) {
            PyObject *o = PyLong_FromLong(order.v[k]);
            if (o == NULL) {
                Py_CLEAR(result);
                goto done;
            }
            PyList_SET_ITEM(result, k, o);
        }
        goto done;
    }
    items = PyMem_Malloc(sizeof(RankItem) * (size_t)n);
    credited = PyMem_Calloc((size_t)n, 1);
    hits = PyMem_Calloc((size_t)n, 1);
    if (!items || !credited || !hits) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        int32_t ni = order.v[k];
        if (k + PREFETCH < n)
            PREFETCH_SLOT(&s.slots[order.v[k + PREFETCH]]);
        items[k].ni = ni;
        items[k].acc = s.slots[ni].acc;
    }
    /* the common words count in ranking: each query word once per name (best spelling).
     * Groups by the query word as written, in the order first met; each best first. */
    char *done_cm = PyMem_Calloc((size_t)nc + 1, 1);
    CommonItem *grp = PyMem_Malloc(sizeof(CommonItem) * (size_t)(nc + 1));
    if (!done_cm || !grp) {
        PyMem_Free(done_cm);
        PyMem_Free(grp);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nc; k++) {
        if (done_cm[k])
            continue;
        Py_ssize_t gn = 0;
        for (Py_ssize_t x = k; x < nc; x++) {
            if (!done_cm[x] && ustr_eq(cm[x].raw, cm[k].raw)) {
                done_cm[x] = 1;
                grp[gn++] = cm[x];
            }
        }
        qsort(grp, (size_t)gn, sizeof(CommonItem), common_desc);
        int have_credited = 0;
        for (Py_ssize_t g = 0; g < gn; g++) {
            const int32_t *held = t->csorted + t->common_at[grp[g].wi];
            Py_ssize_t nh = t->post_at[grp[g].wi + 1] - t->post_at[grp[g].wi];
            double v = grp[g].v;
            /* which candidates hold the word: by a merge with the candidates sorted by name
             * (the word's names read in order), or, for a word held by far more names than
             * there are candidates, by a binary search for each */
            if (nh <= 16 * n) {
                if (byname == NULL && (byname = sorted_by_name(items, n)) == NULL) {
                    PyMem_Free(done_cm);
                    PyMem_Free(grp);
                    goto done;
                }
                memset(hits, 0, (size_t)n);
                Py_ssize_t i = 0, j = 0;
                while (i < n && j < nh) {
                    if (byname[i].ni < held[j])
                        i++;
                    else if (byname[i].ni > held[j])
                        j++;
                    else
                        hits[byname[i++].k] = 1;
                }
            }
            else {
                for (Py_ssize_t q = 0; q < n; q++)
                    hits[q] = (char)sorted_holds(held, nh, items[q].ni);
            }
            for (Py_ssize_t q = 0; q < n; q++) {
                char h = hits[q];
                if (have_credited) {
                    h = h && !credited[q];
                    credited[q] = credited[q] || h;
                }
                else if (gn > 1)
                    credited[q] = h;
                if (h)
                    items[q].acc += v;
            }
            if (gn > 1)
                have_credited = 1;
        }
    }
    PyMem_Free(done_cm);
    PyMem_Free(grp);
    /* _best */
    if (lazy != NULL) {
        wq_total = readings_wq_total(t, lazy);
        if (wq_total == -1.0 && PyErr_Occurred())
            goto done;
    }
    Py_ssize_t cut = t->pre_cut * keep;
    Py_ssize_t m = n;
    if (n > cut) {
        /* the shared weight ranks first: only the names reaching the cut-th greatest weight
         * can be among the `cut` best, and only theirs need the other keys */
        double *accs = PyMem_Malloc(sizeof(double) * (size_t)n);
        if (accs == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        for (Py_ssize_t k = 0; k < n; k++)
            accs[k] = items[k].acc;
        double least = cut > 0 ? kth_greatest(accs, n, cut - 1) : INFINITY;
        PyMem_Free(accs);
        m = 0;
        for (Py_ssize_t k = 0; k < n; k++)
            if (!(nan_cmp(items[k].acc, least) < 0))
                items[m++] = items[k];
    }
    for (Py_ssize_t k = 0; k < m; k++) {
        if (k + PREFETCH < m)  /* (the records are read at random too) */
            PREFETCH_READ(&t->nrec[items[k + PREFETCH].ni]);
        const NameRec *r = &t->nrec[items[k].ni];
        items[k].ent = r->ent;
        items[k].rank = r->rank;
        items[k].fits = popcount64((uint64_t)(r->first & (int64_t)imask));
    }
    if (m > cut) {
        top_n(items, m, cut);
        m = cut;
    }
    Py_ssize_t nl = PyUnicode_GET_LENGTH(initials);
    left = PyMem_Malloc((size_t)nl + 1);
    if (left == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < m; k++) {
        int32_t ni = items[k].ni;
        double acc = items[k].acc;
        const NameRec *r = &t->nrec[ni];
        if (imask && (r->first & (int64_t)imask)) {
            memset(left, 1, (size_t)nl);  /* the initials not yet fitted to a part */
            for (Py_ssize_t j = r->parts_at; j < r->parts_at + r->nparts; j++) {
                const PartRef *p = &t->pref[j];
                Py_UCS4 letters[2] = {p->tok0, p->raw0};
                for (int z = 0; z < 2; z++) {
                    Py_ssize_t hit = -1;
                    for (Py_ssize_t x = 0; x < nl; x++) {
                        if (left[x] && uch(initials, x) == letters[z]) {
                            hit = x;
                            break;
                        }
                    }
                    if (hit >= 0) {
                        left[hit] = 0;
                        acc += 2.0 * INITIAL_SIM * p->w;
                        break;
                    }
                }
            }
        }
        double y = acc / (wq_total + r->wfull);
        y = y * t->rough_scale;
        y = rint(y);
        items[k].rough = y / t->rough_scale;
    }
    qsort(items, (size_t)m, sizeof(RankItem), final_cmp);
    Py_ssize_t out_n = m < keep ? m : keep;
    result = PyList_New(out_n);
    if (result == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < out_n; k++) {
        PyObject *o = PyLong_FromLong(items[k].ni);
        if (o == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, o);
    }
done:
    for (Py_ssize_t k = 0; k < order.n; k++) {
        int32_t ni = order.v[k];
        s.slots[ni].acc = 0.0;
        s.slots[ni].stamp = 0;
        s.slots[ni].seen = 0;
    }
    /* (every slot touched is a name in `order`: a stamped name is seen) */
    scratch_give(t, &s);
    PyMem_Free(order.v);
    PyMem_Free(cm);
    PyMem_Free(items);
    PyMem_Free(credited);
    PyMem_Free(hits);
    PyMem_Free(left);
    PyMem_Free(byname);
    return result;
}
