#include <stdio.h>

struct settings {
    int width;
    int height;
    char title[8];
    double scale;
};

int main(void) {
    int a[6] = {1, 2}; /* the rest are zero */
    char buffer[8] = {0};
    char exact[3] = "abc"; /* no room for '\0': three characters, no terminator */
    struct settings s = {640}; /* every other member is zero */
    int grid[3][3] = {{1}, {0, 2}, {0, 0, 3}};
    printf("a = %d %d %d %d %d %d\n", a[0], a[1], a[2], a[3], a[4], a[5]);
    printf("buffer[7] = %d, exact = %.3s, sizeof exact = %zu\n", buffer[7], exact, sizeof exact);
    printf("s = {%d, %d, \"%s\", %.1f}\n", s.width, s.height, s.title, s.scale);
    for (int r = 0; r < 3; r++)
        printf("%d %d %d\n", grid[r][0], grid[r][1], grid[r][2]);
    int counts[] = {4, 5, 6}; /* the size comes from the initializer */
    printf("sizeof counts = %zu\n", sizeof counts);
    return 0;
}
