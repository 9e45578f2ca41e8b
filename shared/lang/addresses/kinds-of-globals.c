#include <stdio.h>
#include <stdbool.h>
struct point { int x, y; };
struct rec { char tag; double w; struct point p[2]; };
enum color { RED, GREEN = 5 };
static struct point origin = {1, 2};
struct rec recs[3] = {{'a', 1.5, {{1, 2}, {3, 4}}}};
double weights[3] = {0.5, 0.25};
enum color paint = GREEN;
bool ready = true;
short half = 3;
char letter = 'q';
unsigned char bytes[5] = {1, 2, 3};
long counts[2];
struct point zero_pt;
const double pi = 3.14159;
const struct point unit = {1, 1};
const char *const labels[] = {"x", "y"};
static const char hello[] = "hello";
int use(const char *s) { return s[0] + (int)sizeof("sizeof only"); }
int main(void) {
  printf("%p %p %p %p\n", (void *)&origin, (void *)recs, (void *)weights, (void *)&paint);
  printf("%p %p %p %p\n", (void *)&ready, (void *)&half, (void *)&letter, (void *)bytes);
  printf("%p %p %p %p\n", (void *)counts, (void *)&zero_pt, (void *)&pi, (void *)&unit);
  printf("%p %p %d\n", (void *)hello, (void *)"hello", use("shared") + use("shared"));
  printf("%s %s\n", labels[0], labels[1]);
  return 0;
}
