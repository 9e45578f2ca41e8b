/* floats in globals, arrays, structs, parameters and results; conversions between float,
 * double and integers (a 64-bit integer rounded once, straight to float); compound assignments,
 * ++ and -- on a float; overflow to infinity and denormals. */
#include <stdio.h>
#include <limits.h>
float g = 1.0f / 3.0f;
float garr[4] = {1.5f, -2.25f, 1e-3f, 3};
static float sg = 0.1;
double gd = 0.1f;
struct pt { float x, y; };
struct mix { char c; float f; double d; float g; };
float scale(float v, float k) { return v * k; }
float avg(const float *a, int n) { float s = 0; for (int i = 0; i < n; i++) s += a[i]; return s / n; }
struct pt mid(struct pt a, struct pt b) { struct pt r = { (a.x + b.x) / 2, (a.y + b.y) / 2 }; return r; }
double twice(double d) { return 2 * d; }
int main(void) {
    printf("%.9g %.9g %.9g %.17g\n", g, sg, garr[2], gd);
    printf("sizes %zu %zu %zu\n", sizeof(struct pt), sizeof(struct mix), sizeof garr);
    struct mix m; printf("%ld %ld %ld\n", (long)((char*)&m.f - (char*)&m), (long)((char*)&m.d - (char*)&m), (long)((char*)&m.g - (char*)&m));
    printf("%f %f\n", scale(1.1f, 3), avg(garr, 4));
    struct pt a = {1, 2}, b = {4.5f, -7};
    struct pt c = mid(a, b);
    printf("%g %g\n", c.x, c.y);
    float f = 7;
    f++; ++f; f--; f += 0.5; f *= 3; f /= 7; f -= 1;
    printf("%.10f\n", f);
    int i = (int)3.99f, j = (int)-3.99f;
    unsigned u = (unsigned)4e9f;
    long l = (long)1e18f;
    printf("%d %d %u %ld\n", i, j, u, l);
    long big = 9007199254740993L;
    float fb = big; double db = big;
    printf("%.1f %.1f\n", fb, db);
    unsigned long ul = 18446744073709551615UL;
    float fu = ul;
    printf("%.1f\n", fu);
    long odd = 0x7FFFFF7FFFFFFFFFL + 0;
    printf("%.1f\n", (float)odd);
    printf("%d %d %d\n", 0.1f == 0.1, 0.5f == 0.5, (float)0.1 == 0.1f);
    float neg = -f;
    printf("%f %f\n", neg, -0.0f);
    float x = 1e38f * 10;
    printf("%f %d\n", x, x > 1e38);
    float tiny = 1e-45f;
    printf("%g %g\n", tiny, tiny / 2);
    float q = 2; q = q > 1 ? q / 3 : q;
    printf("%.8f\n", q);
    printf("%.10f\n", twice(0.1f));
    float h = 16777216; h = h + 1; printf("%.1f\n", h);
    int n = INT_MAX; float fn = n; printf("%.1f %d\n", fn, (int)(fn - 128));
    printf("%a %a\n", 0.1f, (double)(float)(1.0/3));
    float arr[3]; for (int k = 0; k < 3; k++) arr[k] = k * 0.1f;
    printf("%.9f %.9f\n", arr[1], arr[2]);
    float *pf = arr; pf[2] += 1; printf("%.9f %zu\n", *(pf + 2), sizeof *pf);
    return 0;
}
