/*
 * The limit anchor: a small C event loop of Verbinder's simulation model, as fast as a plain C
 * implementation of the same work can be. It runs the same sources at the same rates, draws the same
 * random numbers per arrival (origin, department, extra domains, urgency, small, the request's own stream
 * seed) from xoshiro256** streams, reads the origin's activity level from a per-resident table, keeps
 * per-connector queues with the deferral deadline, and schedules the same event kinds (arrival, service
 * done, department response, escalation response, direct response, week end) on one event heap.
 *
 * What it leaves out: the decision formulas (trust, familiarity, barriers, bridges, knowledge, budgets),
 * the outcome bookkeeping, the outcome graph and the aggregation. Each decision is one draw against a
 * fixed probability, calibrated from a Verbinder run of the same scenario (benchmarks/limit/README.md), so
 * the loop processes the same number of events per replication as Verbinder.
 *
 * Usage: limit INPUT [REPLICATIONS]; INPUT is written by `verbinder-benchmarks limit`. Prints one line
 * per replication: `events N cpu SECONDS`, CPU time of the event loop alone (set-up excluded).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { uint64_t s[4]; } rng;

static uint64_t splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static rng seeded(uint64_t seed) { rng r; for (int i = 0; i < 4; i++) r.s[i] = splitmix(&seed); return r; }
static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
static inline uint64_t next(rng *r) {
    uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
}
static inline double unit(rng *r) { return (double)(next(r) >> 11) * 0x1.0p-53; }
static inline int chance(rng *r, double p) { return unit(r) < p; }
static inline uint32_t below(rng *r, uint32_t n) { return (uint32_t)(((next(r) >> 32) * (uint64_t)n) >> 32); }
static inline double expo(rng *r, double mean) { return -log(1 - unit(r)) * mean; }

enum { ARRIVAL, SERVICE_DONE, DEPARTMENT, ESCALATION, DIRECT, WEEK_END };
typedef struct { double time; uint64_t key; } event;   /* key: sequence << 35 | kind << 32 | subject */

static event *heap; static size_t heapCount, heapCapacity; static uint64_t sequence;
static inline int earlier(const event *a, const event *b) { return a->time < b->time || (a->time == b->time && a->key < b->key); }
static void schedule(double time, int kind, uint32_t subject) {
    if (heapCount == heapCapacity) { heapCapacity = heapCapacity ? 2 * heapCapacity : 1024; heap = realloc(heap, heapCapacity * sizeof *heap); }
    event e = { time, (++sequence << 35) | ((uint64_t)kind << 32) | subject };
    size_t child = heapCount++;
    while (child > 0) { size_t parent = (child - 1) / 2; if (!earlier(&e, &heap[parent])) break; heap[child] = heap[parent]; child = parent; }
    heap[child] = e;
}
static event pop(void) {
    event top = heap[0], last = heap[--heapCount];
    size_t hole = 0;
    for (;;) {
        size_t child = 2 * hole + 1;
        if (child >= heapCount) break;
        if (child + 1 < heapCount && earlier(&heap[child + 1], &heap[child])) child++;
        if (!earlier(&heap[child], &last)) break;
        heap[hole] = heap[child]; hole = child;
    }
    if (heapCount) heap[hole] = last;
    return top;
}

typedef struct { rng random; double arrival, enqueued; int32_t origin, department, connector; uint8_t role, direction, misdirected, pad; } request;
static request *requests; static uint32_t requestCount, requestCapacity, *freeSlots, freeCount;
static uint32_t newRequest(void) {
    if (freeCount) return freeSlots[--freeCount];
    if (requestCount == requestCapacity) {
        requestCapacity = requestCapacity ? 2 * requestCapacity : 1024;
        requests = realloc(requests, requestCapacity * sizeof *requests);
        freeSlots = realloc(freeSlots, requestCapacity * sizeof *freeSlots);
    }
    return requestCount++;
}
static void endRequest(uint32_t index) { freeSlots[freeCount++] = index; }

typedef struct { uint32_t *items; uint32_t head, count, capacity; int32_t inService; } queue;
typedef struct { int32_t first, count, connectorCount, *connectors; double hardShare; } hood;
typedef struct { int32_t first, count; double responseHours; } department;
typedef struct { int direction, role, group; double rate; rng stream; } source;

static int weeks, hoodCount, departmentCount, connectorCount, sourceCount;
static uint32_t residents; static uint64_t seed;
static hood *hoods; static department *departments; static double *hoursFactor; static source *sources;
static double effort[4], maxExtraDomains, integralShare, smallShare, deferralHours, escalationHours;
static double pUnvoicedIfHard, pDirect, pMisdirected, pDepartment, pEscalate;
static uint8_t *activity;   /* per resident: 0 active, 1 usual suspect, 2 hard to reach */
static queue *queues;

static void push(queue *q, uint32_t r) {
    if (q->count == q->capacity) {
        uint32_t capacity = q->capacity ? 2 * q->capacity : 16, *items = malloc(capacity * sizeof *items);
        for (uint32_t i = 0; i < q->count; i++) items[i] = q->items[(q->head + i) % q->capacity];
        free(q->items); q->items = items; q->head = 0; q->capacity = capacity;
    }
    q->items[(q->head + q->count++) % q->capacity] = r;
}
static void startNext(int c, double now) {
    queue *q = &queues[c];
    while (q->count) {
        uint32_t r = q->items[q->head]; q->head = (q->head + 1) % q->capacity; q->count--;
        if (now - requests[r].enqueued > deferralHours) { endRequest(r); continue; }   /* dropped */
        q->inService = (int32_t)r;
        double hours = requests[r].misdirected ? 1 : effort[requests[r].role];
        schedule(now + hours * hoursFactor[c], SERVICE_DONE, (uint32_t)c);
        return;
    }
    q->inService = -1;
}
static void enqueue(uint32_t r, int c, double now) {
    requests[r].enqueued = now;
    push(&queues[c], r);
    if (queues[c].inService < 0) startNext(c, now);
}

static void arrive(int s, double now) {
    source *src = &sources[s];
    rng *stream = &src->stream;
    uint32_t r = newRequest();
    request *q = &requests[r];
    int hoodIndex;
    q->direction = (uint8_t)src->direction; q->role = (uint8_t)src->role; q->misdirected = 0; q->connector = -1;
    int level = 0;
    if (src->direction == 0) {
        hood *h = &hoods[src->group];
        q->origin = h->count ? h->first + (int32_t)below(stream, (uint32_t)h->count) : -1;
        level = h->count ? activity[q->origin] : 0;
        hoodIndex = src->group;
        q->department = (int32_t)below(stream, (uint32_t)departmentCount);
    } else {
        department *d = &departments[src->group];
        q->origin = d->first + (int32_t)below(stream, (uint32_t)d->count);
        hoodIndex = (int)below(stream, (uint32_t)hoodCount);
        q->department = src->group;
    }
    int extra = 0;
    while (extra < maxExtraDomains && chance(stream, integralShare)) extra++;
    (void)unit(stream);                       /* urgency */
    (void)chance(stream, smallShare);         /* small */
    q->random = seeded(next(stream));
    q->arrival = now;
    schedule(now + expo(stream, 1 / src->rate), ARRIVAL, (uint32_t)s);
    /* Route: a connector of the neighbourhood, then the connector or the direct route. */
    hood *h = &hoods[hoodIndex];
    int c = h->connectorCount ? h->connectors[below(&q->random, (uint32_t)h->connectorCount)] : -1;
    if (level == 2 && chance(&q->random, pUnvoicedIfHard)) { endRequest(r); return; }   /* unvoiced */
    if (c < 0 || chance(&q->random, pDirect)) {
        schedule(now + expo(&q->random, departments[q->department].responseHours), DIRECT, r);
        return;
    }
    q->connector = c;
    if (chance(&q->random, pMisdirected)) {
        uint32_t m = newRequest();
        requests[m] = requests[r];
        requests[m].misdirected = 1;
        enqueue(m, c, now);
    }
    enqueue(r, c, now);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: limit INPUT [REPLICATIONS]\n"); return 2; }
    FILE *in = fopen(argv[1], "r");
    if (!in) { perror(argv[1]); return 2; }
    int replications = argc > 2 ? atoi(argv[2]) : 1;
#define READ(n, ...) do { if (fscanf(in, __VA_ARGS__) != (n)) { fprintf(stderr, "%s: malformed input near '%s'\n", argv[1], #__VA_ARGS__); return 2; } } while (0)
    READ(4, " weeks %d seed %llu residents %u model %lf", &weeks, (unsigned long long *)&seed, &residents, &maxExtraDomains);
    READ(8, " %lf %lf %lf %lf %lf %lf %lf %lf", &integralShare, &smallShare, &deferralHours, &escalationHours,
         &effort[0], &effort[1], &effort[2], &effort[3]);
    READ(5, " branches %lf %lf %lf %lf %lf", &pUnvoicedIfHard, &pDirect, &pMisdirected, &pDepartment, &pEscalate);
    READ(1, " neighbourhoods %d", &hoodCount);
    hoods = calloc((size_t)hoodCount, sizeof *hoods);
    for (int i = 0; i < hoodCount; i++) {
        hood *h = &hoods[i];
        READ(4, " %d %d %lf %d", &h->first, &h->count, &h->hardShare, &h->connectorCount);
        h->connectors = malloc((size_t)(h->connectorCount + 1) * sizeof(int32_t));
        for (int k = 0; k < h->connectorCount; k++) READ(1, " %d", &h->connectors[k]);
    }
    READ(1, " departments %d", &departmentCount);
    departments = calloc((size_t)departmentCount, sizeof *departments);
    for (int i = 0; i < departmentCount; i++) READ(3, " %d %d %lf", &departments[i].first, &departments[i].count, &departments[i].responseHours);
    READ(1, " connectors %d", &connectorCount);
    hoursFactor = malloc((size_t)connectorCount * sizeof *hoursFactor);
    for (int i = 0; i < connectorCount; i++) READ(1, " %lf", &hoursFactor[i]);
    READ(1, " sources %d", &sourceCount);
    sources = calloc((size_t)sourceCount, sizeof *sources);
    for (int i = 0; i < sourceCount; i++) READ(4, " %d %d %d %lf", &sources[i].direction, &sources[i].role, &sources[i].group, &sources[i].rate);
    fclose(in);
    /* The activity table: each neighbourhood's residents, hard to reach at its share. */
    activity = calloc(residents ? residents : 1, 1);
    rng tableStream = seeded(seed ^ 0xA5A5A5A5ull);
    for (int i = 0; i < hoodCount; i++)
        for (int32_t k = 0; k < hoods[i].count; k++) activity[hoods[i].first + k] = chance(&tableStream, hoods[i].hardShare) ? 2 : (uint8_t)(unit(&tableStream) < 0.1);
    queues = calloc((size_t)connectorCount, sizeof *queues);
    double end = weeks * 40.0;
    for (int replication = 0; replication < replications; replication++) {
        heapCount = 0; sequence = 0; requestCount = 0; freeCount = 0;
        for (int c = 0; c < connectorCount; c++) { queues[c].count = 0; queues[c].head = 0; queues[c].inService = -1; }
        struct timespec start, stop;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
        uint64_t base = seed + 0x9E3779B97F4A7C15ull * (uint64_t)(replication + 1);
        for (int s = 0; s < sourceCount; s++) {
            uint64_t key = base ^ (0x100000001B3ull * (uint64_t)(s + 1));
            sources[s].stream = seeded(key);
            schedule(expo(&sources[s].stream, 1 / sources[s].rate), ARRIVAL, (uint32_t)s);
        }
        for (int w = 1; w <= weeks; w++) schedule(w * 40.0, WEEK_END, (uint32_t)w);
        uint64_t events = 0;
        while (heapCount) {
            event e = pop();
            if (e.time > end) break;
            events++;
            uint32_t subject = (uint32_t)e.key;
            switch ((int)((e.key >> 32) & 7)) {
            case ARRIVAL: arrive((int)subject, e.time); break;
            case SERVICE_DONE: {
                int c = (int)subject;
                uint32_t r = (uint32_t)queues[c].inService;
                startNext(c, e.time);
                if (requests[r].misdirected || !chance(&requests[r].random, pDepartment)) { endRequest(r); break; }
                schedule(e.time + expo(&requests[r].random, departments[requests[r].department].responseHours), DEPARTMENT, r);
                break;
            }
            case DEPARTMENT:
                if (chance(&requests[subject].random, pEscalate))
                    schedule(e.time + expo(&requests[subject].random, escalationHours), ESCALATION, subject);
                else endRequest(subject);
                break;
            case ESCALATION: case DIRECT: endRequest(subject); break;
            case WEEK_END:
                /* Deadlines: every waiting request past the deferral limit is dropped. */
                for (int c = 0; c < connectorCount; c++) {
                    queue *q = &queues[c];
                    uint32_t kept = 0;
                    for (uint32_t i = 0; i < q->count; i++) {
                        uint32_t r = q->items[(q->head + i) % q->capacity];
                        if (e.time - requests[r].enqueued > deferralHours) endRequest(r);
                        else q->items[(q->head + kept++) % q->capacity] = r;
                    }
                    q->count = kept;
                }
                break;
            }
        }
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &stop);
        printf("events %llu cpu %.6f\n", (unsigned long long)events, (double)(stop.tv_sec - start.tv_sec) + 1e-9 * (double)(stop.tv_nsec - start.tv_nsec));
    }
    return 0;
}
