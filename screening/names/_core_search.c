/* The compiled search loop (included by _core.c, one translation unit): an index's tables as
 * flat arrays (`Tables`, built once per index from its attributes, see index.py `_tables`),
 * the ranking of candidates (`Tables.rank`: index.py `NameIndex._accumulate`, the common-word
 * pairs and credits of `_candidates`, and `_best`) and the scoring loop with the choice of an
 * entity's best name (`Tables.best`: the loop of `NameIndex._search`). Same arithmetic, same
 * order, same ties as the Python reference, which the tests compare it with.
 *
 * Every array is checked when the tables are built (ids in range), so the search loops index
 * them without further checks.
 */

typedef struct {
    PyObject_HEAD
    Py_ssize_t n_names, n_words, n_parts, n_ents;
    int32_t *post;          /* word wi holds names post[post_at[wi] .. post_at[wi + 1]) */
    Py_ssize_t *post_at;
    int32_t *split;         /* where the non-persons start in each posting list */
    Py_ssize_t *common_at;  /* -1, or where a common word's sorted names start in `csorted` */
    int32_t *csorted;
    int32_t *ent;           /* names: entity, rank of strength, person, bits of first letters */
    unsigned char *rank;
    unsigned char *person;
    int64_t *first;
    double *wfull, *wmin;
    Py_ssize_t *parts_at;   /* name ni's parts: parts[parts_at[ni] .. parts_at[ni + 1]) */
    int32_t *parts;
    double *pw, *pu;        /* the parts' weights and unmatched weights, as `parts` */
    PyObject *joined;       /* list of str: each name's joined key */
    PyObject *part_tok, *part_fold, *part_raw;  /* the index's part lists (of str) */
    Py_UCS4 *ptok0, *praw0; /* first letter of each part, as mapped and as written */
    unsigned char *plen1, *pshort;  /* part is an initial; part has SYLLABLE letters or fewer */
    /* constants (from index.py / score.py) */
    Py_ssize_t pre_cut, max_common_pairs;
    int score_digits;
    double rough_scale, short_word_cap;
    /* scratch, one slot per name / entity, all zero between calls */
    double *acc;
    int *stamp;
    char *seen;
    int *slot;
    int busy;
} TablesObject;

static void Tables_dealloc(TablesObject *t)
{
    PyMem_Free(t->post);
    PyMem_Free(t->post_at);
    PyMem_Free(t->split);
    PyMem_Free(t->common_at);
    PyMem_Free(t->csorted);
    PyMem_Free(t->ent);
    PyMem_Free(t->rank);
    PyMem_Free(t->person);
    PyMem_Free(t->first);
    PyMem_Free(t->wfull);
    PyMem_Free(t->wmin);
    PyMem_Free(t->parts_at);
    PyMem_Free(t->parts);
    PyMem_Free(t->pw);
    PyMem_Free(t->pu);
    Py_XDECREF(t->joined);
    Py_XDECREF(t->part_tok);
    Py_XDECREF(t->part_fold);
    Py_XDECREF(t->part_raw);
    PyMem_Free(t->ptok0);
    PyMem_Free(t->praw0);
    PyMem_Free(t->plen1);
    PyMem_Free(t->pshort);
    PyMem_Free(t->acc);
    PyMem_Free(t->stamp);
    PyMem_Free(t->seen);
    PyMem_Free(t->slot);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

/* a copy of the buffer of `obj` (`n` items of `itemsize` bytes, integer or float as `kind`
 * 'i' / 'f'), or NULL with an exception */
static void *copy_buffer(PyObject *obj, Py_ssize_t n, Py_ssize_t itemsize, char kind,
                         const char *what)
{
    Py_buffer b;
    if (PyObject_GetBuffer(obj, &b, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return NULL;
    const char *f = b.format ? b.format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    int is_float = (*f == 'd' || *f == 'f');
    if (b.itemsize != itemsize || b.len != n * itemsize || is_float != (kind == 'f')) {
        PyBuffer_Release(&b);
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items of %zd bytes", what, n, itemsize);
        return NULL;
    }
    void *out = PyMem_Malloc((size_t)(n * itemsize) + 1);
    if (out == NULL) {
        PyBuffer_Release(&b);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(out, b.buf, (size_t)(n * itemsize));
    PyBuffer_Release(&b);
    return out;
}

/* the floats of tuple `t` (of `n` items) into out */
static int tuple_doubles(PyObject *t, Py_ssize_t n, double *out)
{
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != n) {
        PyErr_SetString(PyExc_ValueError, "a name's weights do not fit its parts");
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        out[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(t, k));
        if (out[k] == -1.0 && PyErr_Occurred())
            return -1;
    }
    return 0;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int check_str_list(PyObject *list, Py_ssize_t n, const char *what)
{
    if (PyList_GET_SIZE(list) != n) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items", what, n);
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *s = PyList_GET_ITEM(list, k);
        if (!PyUnicode_Check(s) || PyUnicode_GET_LENGTH(s) == 0) {
            PyErr_Format(PyExc_TypeError, "%s: expected non-empty str", what);
            return -1;
        }
    }
    return 0;
}

/* Tables(postings, split, common, name_entity, name_rank, name_person, name_first, wfull,
 *        wmin, name_parts, name_w, name_u, joined, part_tok, part_fold, part_raw,
 *        pre_cut, max_common_pairs, score_digits, rough_digits, short_word_cap) */
static int Tables_init(TablesObject *t, PyObject *args, PyObject *kwds)
{
    PyObject *postings, *split, *common, *name_entity, *name_rank, *name_person, *name_first,
        *wfull, *wmin, *name_parts, *name_w, *name_u, *joined, *part_tok, *part_fold, *part_raw;
    Py_ssize_t pre_cut, max_pairs;
    int score_digits, rough_digits;
    double short_cap;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "_core.configure() was not called");
        return -1;
    }
    if (t->post_at != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: already built");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "O!OOOOOOOOO!O!O!O!O!O!O!nniid", &PyList_Type, &postings,
                          &split, &common, &name_entity, &name_rank, &name_person, &name_first,
                          &wfull, &wmin, &PyList_Type, &name_parts, &PyList_Type, &name_w,
                          &PyList_Type, &name_u, &PyList_Type, &joined, &PyList_Type, &part_tok,
                          &PyList_Type, &part_fold, &PyList_Type, &part_raw, &pre_cut,
                          &max_pairs, &score_digits, &rough_digits, &short_cap))
        return -1;
    if (score_digits < 0 || score_digits > 15 || rough_digits < 0 || rough_digits > 15) {
        PyErr_SetString(PyExc_ValueError, "digits out of range");
        return -1;
    }
    t->pre_cut = pre_cut;
    t->max_common_pairs = max_pairs;
    t->score_digits = score_digits;
    t->rough_scale = 1.0;
    for (int k = 0; k < rough_digits; k++)  /* (as numpy's round: 10.0 multiplied up) */
        t->rough_scale *= 10.0;
    t->short_word_cap = short_cap;
    Py_ssize_t nw = PyList_GET_SIZE(postings), nn = PyList_GET_SIZE(name_parts);
    Py_ssize_t np_ = PyList_GET_SIZE(part_tok);
    t->n_words = nw;
    t->n_names = nn;
    t->n_parts = np_;
    if (nn > INT32_MAX - 1 || np_ > INT32_MAX - 1) {
        PyErr_SetString(PyExc_ValueError, "too many names");
        return -1;
    }
    if (check_str_list(part_tok, np_, "part_tok") || check_str_list(part_fold, np_, "part_fold")
        || check_str_list(part_raw, np_, "part_raw") || check_str_list(joined, nn, "joined"))
        return -1;
    if (PyList_GET_SIZE(name_w) != nn || PyList_GET_SIZE(name_u) != nn) {
        PyErr_SetString(PyExc_ValueError, "name weights: one entry per name");
        return -1;
    }
    /* postings, flat */
    t->post_at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nw + 1));
    t->common_at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nw + 1));
    if (!t->post_at || !t->common_at) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t total = 0;
    for (Py_ssize_t wi = 0; wi < nw; wi++) {
        Py_buffer b;
        if (PyObject_GetBuffer(PyList_GET_ITEM(postings, wi), &b, PyBUF_SIMPLE) < 0)
            return -1;
        t->post_at[wi] = total;
        total += b.len / (Py_ssize_t)sizeof(int32_t);
        PyBuffer_Release(&b);
    }
    t->post_at[nw] = total;
    t->post = PyMem_Malloc(sizeof(int32_t) * (size_t)(total + 1));
    if (!t->post) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t wi = 0; wi < nw; wi++) {
        Py_buffer b;
        if (PyObject_GetBuffer(PyList_GET_ITEM(postings, wi), &b, PyBUF_FORMAT) < 0)
            return -1;
        if (b.itemsize != sizeof(int32_t) || b.len != (t->post_at[wi + 1] - t->post_at[wi])
                                                      * (Py_ssize_t)sizeof(int32_t)) {
            PyBuffer_Release(&b);
            PyErr_SetString(PyExc_ValueError, "postings: expected array('i')");
            return -1;
        }
        memcpy(t->post + t->post_at[wi], b.buf, (size_t)b.len);
        PyBuffer_Release(&b);
    }
    for (Py_ssize_t x = 0; x < total; x++) {
        if (t->post[x] < 0 || t->post[x] >= nn) {
            PyErr_SetString(PyExc_ValueError, "postings: name id out of range");
            return -1;
        }
    }
    t->split = copy_buffer(split, nw, sizeof(int32_t), 'i', "split");
    if (!t->split)
        return -1;
    for (Py_ssize_t wi = 0; wi < nw; wi++) {
        if (t->split[wi] < 0 || t->split[wi] > t->post_at[wi + 1] - t->post_at[wi]) {
            PyErr_SetString(PyExc_ValueError, "split out of range");
            return -1;
        }
    }
    /* common words: their names sorted */
    for (Py_ssize_t wi = 0; wi <= nw; wi++)
        t->common_at[wi] = -1;
    PyObject *it = PyObject_GetIter(common), *item;
    if (it == NULL)
        return -1;
    Py_ssize_t ctotal = 0;
    while ((item = PyIter_Next(it)) != NULL) {
        Py_ssize_t wi = PyLong_AsSsize_t(item);
        Py_DECREF(item);
        if (wi == -1 && PyErr_Occurred())
            break;
        if (wi < 0 || wi >= nw) {
            PyErr_SetString(PyExc_ValueError, "common word out of range");
            break;
        }
        if (t->common_at[wi] < 0) {
            t->common_at[wi] = ctotal;
            ctotal += t->post_at[wi + 1] - t->post_at[wi];
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    t->csorted = PyMem_Malloc(sizeof(int32_t) * (size_t)(ctotal + 1));
    if (!t->csorted) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t wi = 0; wi < nw; wi++) {
        if (t->common_at[wi] < 0)
            continue;
        Py_ssize_t n = t->post_at[wi + 1] - t->post_at[wi];
        int32_t *dst = t->csorted + t->common_at[wi];
        memcpy(dst, t->post + t->post_at[wi], sizeof(int32_t) * (size_t)n);
        qsort(dst, (size_t)n, sizeof(int32_t), cmp_i32);
    }
    /* names */
    t->ent = copy_buffer(name_entity, nn, sizeof(int32_t), 'i', "name_entity");
    t->rank = t->ent ? copy_buffer(name_rank, nn, 1, 'i', "name_rank") : NULL;
    t->person = t->rank ? copy_buffer(name_person, nn, 1, 'i', "name_person") : NULL;
    t->first = t->person ? copy_buffer(name_first, nn, 8, 'i', "name_first") : NULL;
    t->wfull = t->first ? copy_buffer(wfull, nn, 8, 'f', "wfull") : NULL;
    t->wmin = t->wfull ? copy_buffer(wmin, nn, 8, 'f', "wmin") : NULL;
    if (!t->wmin)
        return -1;
    Py_ssize_t n_ents = 0;
    for (Py_ssize_t ni = 0; ni < nn; ni++) {
        if (t->ent[ni] < 0) {
            PyErr_SetString(PyExc_ValueError, "name_entity out of range");
            return -1;
        }
        if (t->ent[ni] + 1 > n_ents)
            n_ents = t->ent[ni] + 1;
    }
    t->n_ents = n_ents;
    t->parts_at = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nn + 1));
    if (!t->parts_at) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t ptotal = 0;
    for (Py_ssize_t ni = 0; ni < nn; ni++) {
        PyObject *p = PyList_GET_ITEM(name_parts, ni);
        if (!PyTuple_Check(p) || PyTuple_GET_SIZE(p) == 0) {
            PyErr_SetString(PyExc_TypeError, "name_parts: expected non-empty tuples");
            return -1;
        }
        t->parts_at[ni] = ptotal;
        ptotal += PyTuple_GET_SIZE(p);
    }
    t->parts_at[nn] = ptotal;
    t->parts = PyMem_Malloc(sizeof(int32_t) * (size_t)(ptotal + 1));
    t->pw = PyMem_Malloc(sizeof(double) * (size_t)(ptotal + 1));
    t->pu = PyMem_Malloc(sizeof(double) * (size_t)(ptotal + 1));
    if (!t->parts || !t->pw || !t->pu) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t ni = 0; ni < nn; ni++) {
        PyObject *p = PyList_GET_ITEM(name_parts, ni);
        Py_ssize_t at = t->parts_at[ni], n = PyTuple_GET_SIZE(p);
        for (Py_ssize_t j = 0; j < n; j++) {
            Py_ssize_t pid = PyLong_AsSsize_t(PyTuple_GET_ITEM(p, j));
            if (pid == -1 && PyErr_Occurred())
                return -1;
            if (pid < 0 || pid >= np_) {
                PyErr_SetString(PyExc_ValueError, "name_parts: part id out of range");
                return -1;
            }
            t->parts[at + j] = (int32_t)pid;
        }
        if (tuple_doubles(PyList_GET_ITEM(name_w, ni), n, t->pw + at)
            || tuple_doubles(PyList_GET_ITEM(name_u, ni), n, t->pu + at))
            return -1;
    }
    t->ptok0 = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(np_ + 1));
    t->praw0 = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(np_ + 1));
    t->plen1 = PyMem_Malloc((size_t)(np_ + 1));
    t->pshort = PyMem_Malloc((size_t)(np_ + 1));
    if (!t->ptok0 || !t->praw0 || !t->plen1 || !t->pshort) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t p = 0; p < np_; p++) {
        PyObject *tok = PyList_GET_ITEM(part_tok, p);
        t->ptok0[p] = uch(tok, 0);
        t->praw0[p] = uch(PyList_GET_ITEM(part_raw, p), 0);
        t->plen1[p] = PyUnicode_GET_LENGTH(tok) == 1;
        t->pshort[p] = PyUnicode_GET_LENGTH(tok) <= SYLLABLE;
    }
    Py_INCREF(joined);
    t->joined = joined;
    Py_INCREF(part_tok);
    t->part_tok = part_tok;
    Py_INCREF(part_fold);
    t->part_fold = part_fold;
    Py_INCREF(part_raw);
    t->part_raw = part_raw;
    t->acc = PyMem_Calloc((size_t)nn + 1, sizeof(double));
    t->stamp = PyMem_Calloc((size_t)nn + 1, sizeof(int));
    t->seen = PyMem_Calloc((size_t)nn + 1, 1);
    t->slot = PyMem_Calloc((size_t)n_ents + 1, sizeof(int));
    if (!t->acc || !t->stamp || !t->seen || !t->slot) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* ---- scratch --------------------------------------------------------------------------------- */

typedef struct {
    double *acc;
    int *stamp;
    char *seen;
    int *slot;
    int owned;  /* allocated for this call (the tables' own were in use: a re-entrant call) */
} Scratch;

static int scratch_take(TablesObject *t, Scratch *s)
{
    if (t->post_at == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Tables: not built");
        return -1;
    }
    if (!t->busy) {
        t->busy = 1;
        s->acc = t->acc;
        s->stamp = t->stamp;
        s->seen = t->seen;
        s->slot = t->slot;
        s->owned = 0;
        return 0;
    }
    s->acc = PyMem_Calloc((size_t)t->n_names + 1, sizeof(double));
    s->stamp = PyMem_Calloc((size_t)t->n_names + 1, sizeof(int));
    s->seen = PyMem_Calloc((size_t)t->n_names + 1, 1);
    s->slot = PyMem_Calloc((size_t)t->n_ents + 1, sizeof(int));
    s->owned = 1;
    if (!s->acc || !s->stamp || !s->seen || !s->slot) {
        PyMem_Free(s->acc);
        PyMem_Free(s->stamp);
        PyMem_Free(s->seen);
        PyMem_Free(s->slot);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void scratch_give(TablesObject *t, Scratch *s)
{
    if (s->owned) {
        PyMem_Free(s->acc);
        PyMem_Free(s->stamp);
        PyMem_Free(s->seen);
        PyMem_Free(s->slot);
    }
    else
        t->busy = 0;
}

/* a growable array of name ids */
typedef struct {
    int32_t *v;
    Py_ssize_t n, cap;
} IdVec;

static int idvec_push(IdVec *a, int32_t x)
{
    if (a->n == a->cap) {
        Py_ssize_t cap = a->cap ? 2 * a->cap : 64;
        int32_t *v = PyMem_Realloc(a->v, sizeof(int32_t) * (size_t)cap);
        if (v == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

static inline int sorted_holds(const int32_t *a, Py_ssize_t n, int32_t x)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && a[lo] == x;
}

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

typedef struct {
    double v;
    Py_ssize_t wi;
    PyObject *raw;
} CommonItem;

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

/* the accumulation of `groups` (as core_accumulate) into s->acc, the names in `order` */
static int rank_accumulate(TablesObject *t, PyObject *groups, Scratch *s, IdVec *order)
{
    Py_ssize_t ng = PyList_GET_SIZE(groups);
    for (Py_ssize_t g = 0; g < ng; g++) {
        PyObject *grp = PyList_GET_ITEM(groups, g);
        if (!PyTuple_Check(grp) || PyTuple_GET_SIZE(grp) != 2
            || !PyList_Check(PyTuple_GET_ITEM(grp, 0))) {
            PyErr_SetString(PyExc_TypeError, "group: (items, kind)");
            return -1;
        }
        PyObject *items = PyTuple_GET_ITEM(grp, 0), *kind = PyTuple_GET_ITEM(grp, 1);
        Py_ssize_t nitems = PyList_GET_SIZE(items);
        for (Py_ssize_t k = 0; k < nitems; k++) {
            PyObject *item = PyList_GET_ITEM(items, k);
            if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
                PyErr_SetString(PyExc_TypeError, "item: (word, weight)");
                return -1;
            }
            Py_ssize_t wi = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
            double v = PyFloat_AsDouble(PyTuple_GET_ITEM(item, 1));
            if (PyErr_Occurred())
                return -1;
            if (wi < 0 || wi >= t->n_words) {
                PyErr_SetString(PyExc_IndexError, "word id out of range");
                return -1;
            }
            Py_ssize_t lo = t->post_at[wi], hi = t->post_at[wi + 1];
            if (kind == Py_True)
                hi = lo + t->split[wi];
            else if (kind == Py_False)
                lo = lo + t->split[wi];
            for (Py_ssize_t x = lo; x < hi; x++) {
                int32_t ni = t->post[x];
                if (nitems > 1) {
                    if (s->stamp[ni] == g + 1)
                        continue;  /* counted for this group by a better word */
                    s->stamp[ni] = (int)(g + 1);
                }
                if (!s->seen[ni]) {
                    s->seen[ni] = 1;
                    if (idvec_push(order, ni) < 0)
                        return -1;
                }
                s->acc[ni] = s->acc[ni] + v;
            }
            if (nitems == 1)
                break;
        }
    }
    return 0;
}

static int add_found(Scratch *s, IdVec *order, int32_t ni)
{
    if (s->seen[ni])
        return 0;
    s->seen[ni] = 1;
    return idvec_push(order, ni);
}

/* rank(groups, common, keep, wq_total, imask, initials) -> [name]: the candidates of
 * NameIndex._candidates from its groups of words and its sorted common words
 * ((count, word, wq, wc, raw)), `keep` of them, ranked as `_best` (wq_total, the initials as
 * letter bits and as a str of distinct letters) */
static PyObject *Tables_rank(TablesObject *t, PyObject *args)
{
    PyObject *groups, *common, *initials;
    Py_ssize_t keep;
    double wq_total;
    long long imask;
    if (!PyArg_ParseTuple(args, "O!O!ndLU", &PyList_Type, &groups, &PyList_Type, &common, &keep,
                          &wq_total, &imask, &initials))
        return NULL;
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
    char *credited = NULL, *hits = NULL;
    PyObject *result = NULL;
    if (rank_accumulate(t, groups, &s, &order) < 0)
        goto done;
    Py_ssize_t nc = PyList_GET_SIZE(common);
    cm = PyMem_Malloc(sizeof(CommonItem) * (size_t)(nc + 1));
    if (cm == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nc; k++) {
        PyObject *e = PyList_GET_ITEM(common, k);
        if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 5
            || !PyUnicode_Check(PyTuple_GET_ITEM(e, 4))) {
            PyErr_SetString(PyExc_TypeError, "common: (count, word, wq, wc, raw)");
            goto done;
        }
        cm[k].wi = PyLong_AsSsize_t(PyTuple_GET_ITEM(e, 1));
        double wq = PyFloat_AsDouble(PyTuple_GET_ITEM(e, 2));
        double wc = PyFloat_AsDouble(PyTuple_GET_ITEM(e, 3));
        if (PyErr_Occurred())
            goto done;
        cm[k].v = wq + wc;
        cm[k].raw = PyTuple_GET_ITEM(e, 4);
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
        items[k].ni = ni;
        items[k].acc = s.acc[ni];
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
            for (Py_ssize_t q = 0; q < n; q++) {
                char h = (char)sorted_holds(held, nh, items[q].ni);
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
    Py_ssize_t cut = t->pre_cut * keep;
    for (Py_ssize_t k = 0; k < n; k++) {
        int32_t ni = items[k].ni;
        items[k].ent = t->ent[ni];
        items[k].rank = t->rank[ni];
        items[k].fits = popcount64((uint64_t)(t->first[ni] & (int64_t)imask));
    }
    Py_ssize_t m = n;
    if (n > cut) {
        top_n(items, n, cut);
        m = cut;
    }
    Py_ssize_t nl = PyUnicode_GET_LENGTH(initials);
    for (Py_ssize_t k = 0; k < m; k++) {
        int32_t ni = items[k].ni;
        double acc = items[k].acc;
        if (imask && (t->first[ni] & (int64_t)imask)) {
            unsigned long long left = nl < 64 ? (1ULL << nl) - 1 : ~0ULL;
            for (Py_ssize_t j = t->parts_at[ni]; j < t->parts_at[ni + 1]; j++) {
                int32_t pid = t->parts[j];
                Py_UCS4 letters[2] = {t->ptok0[pid], t->praw0[pid]};
                for (int z = 0; z < 2; z++) {
                    Py_ssize_t hit = -1;
                    for (Py_ssize_t x = 0; x < nl && x < 64; x++) {
                        if ((left >> x & 1) && uch(initials, x) == letters[z]) {
                            hit = x;
                            break;
                        }
                    }
                    if (hit >= 0) {
                        left &= ~(1ULL << hit);
                        acc += 2.0 * INITIAL_SIM * t->pw[j];
                        break;
                    }
                }
            }
        }
        double y = acc / (wq_total + t->wfull[ni]);
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
        s.acc[ni] = 0.0;
        s.stamp[ni] = 0;
        s.seen[ni] = 0;
    }
    /* (stamps are also set for names not kept in order: none, a stamped name is seen) */
    scratch_give(t, &s);
    PyMem_Free(order.v);
    PyMem_Free(cm);
    PyMem_Free(items);
    PyMem_Free(credited);
    PyMem_Free(hits);
    return result;
}

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

/* score.assign and the joined comparison of score.finish for list name ni (as align_one, from
 * the flat tables): its kept pairs appended to `pairs` (from out->pairs_at), *how as there */
static int align_flat(QueryObject *q, TablesObject *t, int32_t ni, CandVec *work, CandVec *pairs,
                      Aligned *out, int *how_out)
{
    Py_ssize_t at = t->parts_at[ni], nc = t->parts_at[ni + 1] - at, nq = q->n;
    work->n = 0;
    for (Py_ssize_t j = 0; j < nc; j++) {
        Py_ssize_t start, count;
        if (query_row_c(q, t, t->parts[at + j], &start, &count) < 0)
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
    const double *wc = t->pw + at, *uc = t->pu + at;
    const double *wq = q->w, *uq = q->u;
    double num = 0.0, den = q->u_sum + t->wmin[ni];
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
        int clen1 = t->plen1[t->parts[at + c.j]];
        double w = q->len1[c.i] ? wc[c.j] : wq[c.i];
        double w2 = clen1 ? wq[c.i] : wc[c.j];
        num += (w + w2) * c.s;
        den += w + w2 - uq[c.i] - uc[c.j];
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
            int syllables = nc == 2 && t->pshort[t->parts[at]] && t->pshort[t->parts[at + 1]];
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
        PyObject *jq = q->joined, *jc = PyList_GET_ITEM(t->joined, ni);
        Py_ssize_t lq = PyUnicode_GET_LENGTH(jq), lc = PyUnicode_GET_LENGTH(jc);
        if ((lq < lc ? lq : lc) >= 5) {
            if (uch(jq, 0) == KANA_MARK || uch(jc, 0) == KANA_MARK) {
                how = 3;
            }
            else {
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

/* round(x, digits) as Python computes it (correctly rounded to a decimal string and back) */
static int round_digits(double x, int digits, double *out)
{
    if (!isfinite(x)) {
        *out = x;
        return 0;
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

/* is candidate b an entity's better name than a (already its best)? -1 on error */
static int better(TablesObject *t, Aligned *b, Aligned *a, CandVec *pairs, PyObject *closeness)
{
    int rb = -(int)t->rank[b->ni], ra = -(int)t->rank[a->ni];
    if (b->score_r != a->score_r)
        return b->score_r > a->score_r;
    if (rb != ra)
        return rb > ra;
    PyObject *pb = aligned_pairs(b, pairs), *pa = pb ? aligned_pairs(a, pairs) : NULL;
    if (pa == NULL)
        return -1;
    PyObject *cb = PyObject_CallOneArg(closeness, pb);
    if (cb == NULL)
        return -1;
    PyObject *ca = PyObject_CallOneArg(closeness, pa);
    if (ca == NULL) {
        Py_DECREF(cb);
        return -1;
    }
    int r = 0;
    int eq = PyObject_RichCompareBool(cb, ca, Py_EQ);
    if (eq < 0)
        r = -1;
    else if (eq)
        r = -b->ni > -a->ni;
    else
        r = PyObject_RichCompareBool(cb, ca, Py_GT);
    Py_DECREF(cb);
    Py_DECREF(ca);
    return r;
}

/* best(cands, want, tokens_p, tokens_o, make_query, fix, closeness, min_score)
 *   -> [(score at reported precision, name, score, pairs, joined, person)]
 * The loop of NameIndex._search over its candidates: each aligned by the query of its kind
 * (make_query(person) -> a Query, called once per kind, in the order kinds are first met), the
 * score finished by fix(person, name, score, pairs, how) -> (score, joined) where Python must
 * (kana keys, caps), each entity's best name kept (closeness(pairs) breaks ties, as
 * index._closeness), those scoring min_score or more returned in the order entities were
 * first met. */
static PyObject *Tables_best(TablesObject *t, PyObject *args)
{
    PyObject *cands, *want, *make_query, *fix, *closeness;
    int tokens_p, tokens_o;
    double min_score;
    if (!PyArg_ParseTuple(args, "O!OppOOOd", &PyList_Type, &cands, &want, &tokens_p, &tokens_o,
                          &make_query, &fix, &closeness, &min_score))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(cands);
    Scratch s;
    if (scratch_take(t, &s) < 0)
        return NULL;
    PyObject *result = NULL;
    PyObject *queries[2] = {NULL, NULL};
    Aligned *al = PyMem_Calloc((size_t)n + 1, sizeof(Aligned));
    int32_t *ids = PyMem_Malloc(sizeof(int32_t) * ((size_t)n + 1));
    int *bests = PyMem_Malloc(sizeof(int) * ((size_t)n + 1));  /* slot -> aligned index */
    Py_ssize_t nbest = 0, nal = 0;
    CandVec work = {NULL, 0, 0}, pairs = {NULL, 0, 0};
    if (!al || !ids || !bests) {
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
        int person = t->person[ni] != 0;
        if (want != Py_None && person != (want == Py_True)) {
            ids[k] = -1;
            continue;
        }
        if (!(person ? tokens_p : tokens_o)) {
            ids[k] = -1;
            continue;
        }
        if (!(nkinds > 0 && kinds[0] == person) && !(nkinds > 1 && kinds[1] == person))
            kinds[nkinds++] = person;
    }
    for (int g = 0; g < nkinds; g++) {
        int person = kinds[g];
        PyObject *qo = PyObject_CallFunction(make_query, "O", person ? Py_True : Py_False);
        if (qo == NULL)
            goto done;
        queries[g] = qo;
        if (!PyObject_TypeCheck(qo, &QueryType)) {
            PyErr_SetString(PyExc_TypeError, "make_query: expected a Query");
            goto done;
        }
        QueryObject *q = (QueryObject *)qo;
        if (q->part_tok != t->part_tok) {
            PyErr_SetString(PyExc_ValueError, "make_query: a Query of another index");
            goto done;
        }
        for (Py_ssize_t k = 0; k < n; k++) {
            int32_t ni = ids[k];
            if (ni < 0 || (t->person[ni] != 0) != person)
                continue;
            Aligned *a = &al[nal++];
            a->ni = ni;
            a->person = person;
            int how;
            if (align_flat(q, t, ni, &work, &pairs, a, &how) < 0)
                goto done;
            if (how == 3 || (how != 1 && a->score > t->short_word_cap)) {
                PyObject *pt = aligned_pairs(a, &pairs);
                if (pt == NULL)
                    goto done;
                PyObject *r = PyObject_CallFunction(fix, "OidOi", person ? Py_True : Py_False,
                                                    (int)ni, a->score, pt, how);
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
            else
                a->joined = how != 0;
            if (round_digits(a->score, t->score_digits, &a->score_r) < 0)
                goto done;
            int32_t ei = t->ent[ni];
            int sl = s.slot[ei];
            if (sl == 0) {
                bests[nbest] = (int)(nal - 1);
                s.slot[ei] = (int)(++nbest);
                continue;
            }
            int b = better(t, a, &al[bests[sl - 1]], &pairs, closeness);
            if (b < 0)
                goto done;
            if (b)
                bests[sl - 1] = (int)(nal - 1);
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
    for (Py_ssize_t k = 0; k < nal; k++) {
        s.slot[t->ent[al[k].ni]] = 0;
        Py_XDECREF(al[k].pairs);
    }
    scratch_give(t, &s);
    Py_XDECREF(queries[0]);
    Py_XDECREF(queries[1]);
    PyMem_Free(al);
    PyMem_Free(ids);
    PyMem_Free(bests);
    PyMem_Free(work.v);
    PyMem_Free(pairs.v);
    return result;
}

static PyMethodDef Tables_methods[] = {
    {"rank", (PyCFunction)Tables_rank, METH_VARARGS,
     "rank(groups, common, keep, wq_total, imask, initials) -> [name]: the candidates"},
    {"best", (PyCFunction)Tables_best, METH_VARARGS,
     "best(cands, want, tokens_p, tokens_o, make_query, fix, closeness, min_score) -> "
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
