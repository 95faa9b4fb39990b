/* The folding rules of transliteration.toml run over ASCII words, one pass per rule, as
 * `re.sub` runs them (normalize._fold_text, the reference; included by _core_normalize.c).
 * The rules come as a program made by screening/names/fold_program.py (see its docstring for
 * what an alternative is): each pass scans the text left to right, tries the rule's
 * alternatives in order at each position, and after a match goes on after it; lookarounds read
 * the pass's input, as a regex does. Work per word: its length times the rules' alternatives
 * (each of bounded width). */

#define FD_SEQ 16    /* most sets in a lookaround or a body */
#define FD_NEVER 4   /* most negative lookaheads */
#define FD_GROWTH 64 /* most growth of a word over all the rules */

typedef struct {
    int nbehind, bol, eol, nbody, nahead, nnever, repl_group;
    const unsigned char *behind[FD_SEQ];
    const unsigned char *body[FD_SEQ];  /* NULL: the body's first character (group 1) */
    Py_ssize_t bmin[FD_SEQ], bmax[FD_SEQ];
    const unsigned char *ahead[FD_SEQ];
    int neverlen[FD_NEVER];
    const unsigned char *never[FD_NEVER][FD_SEQ];
    const char *repl;
    Py_ssize_t repl_len;
} FdAlt;

typedef struct {
    int nalt;
    Py_ssize_t growth;        /* output length <= input length * growth */
    unsigned char start[128]; /* the characters a match may start with */
    int nfirst;               /* and as a list */
    unsigned char first[128];
    FdAlt *alt;
} FdRule;

static FdRule *fd_rules = NULL;
static int fd_nrules = 0;
static PyObject *fd_program = NULL; /* holds the sets and replacements the rules point into */

static void fd_clear(void)
{
    for (int r = 0; r < fd_nrules; r++)
        PyMem_Free(fd_rules[r].alt);
    PyMem_Free(fd_rules);
    fd_rules = NULL;
    fd_nrules = 0;
    Py_CLEAR(fd_program);
}

/* A tuple of 128-byte sets into `out` (at most FD_SEQ); its length, -1 on error. */
static int fd_sets(PyObject *t, const unsigned char **out)
{
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) > FD_SEQ)
        return -1;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(t); k++) {
        PyObject *b = PyTuple_GET_ITEM(t, k);
        if (!PyBytes_Check(b) || PyBytes_GET_SIZE(b) != 128)
            return -1;
        out[k] = (const unsigned char *)PyBytes_AS_STRING(b);
    }
    return (int)PyTuple_GET_SIZE(t);
}

static int fd_alt(PyObject *a, FdAlt *alt, FdRule *rule)
{
    if (!PyTuple_Check(a) || PyTuple_GET_SIZE(a) != 7)
        return -1;
    memset(alt, 0, sizeof(*alt));
    PyObject *body = PyTuple_GET_ITEM(a, 2), *never = PyTuple_GET_ITEM(a, 4);
    PyObject *repl = PyTuple_GET_ITEM(a, 6);
    if ((alt->nbehind = fd_sets(PyTuple_GET_ITEM(a, 0), alt->behind)) < 0
            || (alt->nahead = fd_sets(PyTuple_GET_ITEM(a, 3), alt->ahead)) < 0
            || !PyTuple_Check(body) || PyTuple_GET_SIZE(body) < 1
            || PyTuple_GET_SIZE(body) > FD_SEQ
            || !PyTuple_Check(never) || PyTuple_GET_SIZE(never) > FD_NEVER)
        return -1;
    alt->bol = PyObject_IsTrue(PyTuple_GET_ITEM(a, 1));
    alt->eol = PyObject_IsTrue(PyTuple_GET_ITEM(a, 5));
    alt->nbody = (int)PyTuple_GET_SIZE(body);
    Py_ssize_t least = 0;
    for (int k = 0; k < alt->nbody; k++) {
        PyObject *it = PyTuple_GET_ITEM(body, k);
        if (!PyTuple_Check(it) || PyTuple_GET_SIZE(it) != 3)
            return -1;
        PyObject *set = PyTuple_GET_ITEM(it, 0);
        if (set == Py_None) {
            if (k == 0)
                return -1;
            alt->body[k] = NULL;
        }
        else if (!PyBytes_Check(set) || PyBytes_GET_SIZE(set) != 128)
            return -1;
        else
            alt->body[k] = (const unsigned char *)PyBytes_AS_STRING(set);
        alt->bmin[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(it, 1));
        alt->bmax[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(it, 2));
        if (PyErr_Occurred() || alt->bmin[k] < 0 || alt->bmax[k] < alt->bmin[k])
            return -1;
        least += alt->bmin[k];
    }
    if (least < 1 || alt->bmin[0] < 1)  /* (a match starts with the first item) */
        return -1;
    alt->nnever = (int)PyTuple_GET_SIZE(never);
    for (int k = 0; k < alt->nnever; k++)
        if ((alt->neverlen[k] = fd_sets(PyTuple_GET_ITEM(never, k), alt->never[k])) < 0)
            return -1;
    if (repl == Py_None) {
        alt->repl_group = 1;
        alt->repl_len = 1;
    }
    else if (PyBytes_Check(repl)) {
        alt->repl = PyBytes_AS_STRING(repl);
        alt->repl_len = PyBytes_GET_SIZE(repl);
        for (Py_ssize_t k = 0; k < alt->repl_len; k++)
            if ((unsigned char)alt->repl[k] >= 128)
                return -1;
    }
    else
        return -1;
    Py_ssize_t grow = (alt->repl_len + least - 1) / least;
    if (grow > rule->growth)
        rule->growth = grow;
    for (int c = 0; c < 128; c++)
        if (alt->body[0][c])
            rule->start[c] = 1;
    return 0;
}

/* configure_folds(program or None): the rules fold_words runs. */
static PyObject *core_configure_folds(PyObject *self, PyObject *args)
{
    PyObject *program;
    if (!PyArg_ParseTuple(args, "O", &program))
        return NULL;
    fd_clear();
    if (program == Py_None)
        Py_RETURN_NONE;
    if (!PyTuple_Check(program) || PyTuple_GET_SIZE(program) > 1000)
        goto bad;
    Py_ssize_t nr = PyTuple_GET_SIZE(program);
    fd_rules = PyMem_Calloc((size_t)(nr ? nr : 1), sizeof(FdRule));
    if (fd_rules == NULL)
        return PyErr_NoMemory();
    Py_ssize_t growth = 1;
    for (Py_ssize_t r = 0; r < nr; r++) {
        PyObject *rule = PyTuple_GET_ITEM(program, r);
        if (!PyTuple_Check(rule) || PyTuple_GET_SIZE(rule) < 1 || PyTuple_GET_SIZE(rule) > 1000)
            goto bad;
        FdRule *fr = &fd_rules[r];
        fd_nrules = (int)r + 1;
        fr->growth = 1;
        fr->alt = PyMem_Calloc((size_t)PyTuple_GET_SIZE(rule), sizeof(FdAlt));
        if (fr->alt == NULL) {
            fd_clear();
            return PyErr_NoMemory();
        }
        fr->nalt = (int)PyTuple_GET_SIZE(rule);
        for (int k = 0; k < fr->nalt; k++)
            if (fd_alt(PyTuple_GET_ITEM(rule, k), &fr->alt[k], fr) < 0)
                goto bad;
        for (int c = 0; c < 128; c++)
            if (fr->start[c])
                fr->first[fr->nfirst++] = (unsigned char)c;
        growth *= fr->growth;
        if (growth > FD_GROWTH)
            goto bad;
    }
    fd_program = Py_NewRef(program);
    Py_RETURN_NONE;
bad:
    fd_clear();
    if (!PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "configure_folds: not a fold program");
    return NULL;
}

static inline int fd_in(const unsigned char *set, unsigned char c)
{
    return c < 128 && set[c];
}

/* Where a match of `a` at `pos` of s[0:n] ends, or -1. */
static Py_ssize_t fd_match(const FdAlt *a, const unsigned char *s, Py_ssize_t n, Py_ssize_t pos)
{
    if (a->nbehind) {
        if (pos < a->nbehind)
            return -1;
        for (int k = 0; k < a->nbehind; k++)
            if (!fd_in(a->behind[k], s[pos - a->nbehind + k]))
                return -1;
    }
    if (a->bol && pos > 0 && s[pos - 1] != '\n')
        return -1;
    Py_ssize_t p = pos;
    for (int k = 0; k < a->nbody; k++) {
        const unsigned char *set = a->body[k];
        Py_ssize_t count = 0;
        while (count < a->bmax[k] && p < n && (set ? fd_in(set, s[p]) : s[p] == s[pos])) {
            p++;
            count++;
        }
        if (count < a->bmin[k])
            return -1;
    }
    if (a->nahead) {
        if (n - p < a->nahead)
            return -1;
        for (int k = 0; k < a->nahead; k++)
            if (!fd_in(a->ahead[k], s[p + k]))
                return -1;
    }
    for (int v = 0; v < a->nnever; v++) {
        int len = a->neverlen[v], k = 0;
        if (n - p < len)
            continue;
        while (k < len && fd_in(a->never[v][k], s[p + k]))
            k++;
        if (k == len)
            return -1;
    }
    if (a->eol && p < n && s[p] != '\n')
        return -1;
    return p;
}

/* One rule over s[0:n] into out (room for n * growth); the output's length, or -1 when the
 * rule matches nowhere (out is then not written). */
static Py_ssize_t fd_pass(const FdRule *rule, const unsigned char *s, Py_ssize_t n,
                          unsigned char *out)
{
    Py_ssize_t pos = 0, j = 0;
    for (;; pos++) {  /* (the first match, before writing anything) */
        if (pos == n)
            return -1;
        unsigned char c = s[pos];
        if (c < 128 && rule->start[c]) {
            int k = 0;
            while (k < rule->nalt && fd_match(&rule->alt[k], s, n, pos) < 0)
                k++;
            if (k < rule->nalt)
                break;
        }
    }
    memcpy(out, s, (size_t)pos);
    j = pos;
    while (pos < n) {
        unsigned char c = s[pos];
        if (c < 128 && rule->start[c]) {
            for (int k = 0; k < rule->nalt; k++) {
                const FdAlt *a = &rule->alt[k];
                Py_ssize_t end = fd_match(a, s, n, pos);
                if (end < 0)
                    continue;
                if (a->repl_group)
                    out[j++] = c;
                else {
                    memcpy(out + j, a->repl, (size_t)a->repl_len);
                    j += a->repl_len;
                }
                pos = end;
                goto next;
            }
        }
        out[j++] = c;
        pos++;
    next:;
    }
    return j;
}

/* fold_words(words) -> list: each word's folded key (normalize._fold_text), interned; None
 * for a word not in ASCII (left to the regexes). */
static PyObject *core_fold_words(PyObject *self, PyObject *args)
{
    PyObject *words;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &words))
        return NULL;
    if (fd_program == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "fold_words: no fold program configured");
        return NULL;
    }
    Py_ssize_t nw = PyList_GET_SIZE(words);
    PyObject *out = PyList_New(nw);
    if (out == NULL)
        return NULL;
    unsigned char *a = NULL, *b = NULL;
    Py_ssize_t cap = 0;
    for (Py_ssize_t i = 0; i < nw; i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(w) || !PyUnicode_IS_ASCII(w)) {
            PyList_SET_ITEM(out, i, Py_NewRef(Py_None));
            continue;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(w);
        if (n > (PY_SSIZE_T_MAX - 1) / FD_GROWTH) {
            PyErr_NoMemory();
            goto fail;
        }
        Py_ssize_t need = n * FD_GROWTH + 1;
        if (need > cap) {
            PyMem_Free(a);
            PyMem_Free(b);
            a = PyMem_Malloc((size_t)need);
            b = PyMem_Malloc((size_t)need);
            cap = need;
            if (a == NULL || b == NULL) {
                PyErr_NoMemory();
                goto fail;
            }
        }
        memcpy(a, PyUnicode_1BYTE_DATA(w), (size_t)n);
        /* a rule none of whose first characters is in the text is passed over */
        unsigned char present[128];
        memset(present, 0, sizeof(present));
        for (Py_ssize_t k = 0; k < n; k++)
            present[a[k]] = 1;
        for (int r = 0; r < fd_nrules; r++) {
            const FdRule *rule = &fd_rules[r];
            int k = 0;
            while (k < rule->nfirst && !present[rule->first[k]])
                k++;
            if (k == rule->nfirst)
                continue;
            Py_ssize_t got = fd_pass(rule, a, n, b);
            if (got < 0)
                continue;
            n = got;
            unsigned char *t = a;
            a = b;
            b = t;
            memset(present, 0, sizeof(present));
            for (Py_ssize_t i = 0; i < n; i++)
                present[a[i]] = 1;
        }
        PyObject *f = PyUnicode_New(n, 127);
        if (f == NULL)
            goto fail;
        memcpy(PyUnicode_1BYTE_DATA(f), a, (size_t)n);
        PyUnicode_InternInPlace(&f);
        PyList_SET_ITEM(out, i, f);
    }
    PyMem_Free(a);
    PyMem_Free(b);
    return out;
fail:
    PyMem_Free(a);
    PyMem_Free(b);
    Py_DECREF(out);
    return NULL;
}

#define FOLD_METHODS \
    {"configure_folds", core_configure_folds, METH_VARARGS, \
     "configure_folds(program or None): the folding rules (fold_program.program())"}, \
    {"fold_words", core_fold_words, METH_VARARGS, \
     "fold_words(words) -> list: normalize._fold_text of each ASCII word (interned), None for " \
     "others"},
