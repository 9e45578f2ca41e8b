#include <stdio.h>

int columns[8];
int solutions = 0;

int safe(int row, int col) {
    for (int r = 0; r < row; r++) {
        int c = columns[r];
        if (c == col || c - col == r - row || c - col == row - r) return 0;
    }
    return 1;
}

void place(int row, int n) {
    if (row == n) {
        if (solutions == 0) {
            for (int r = 0; r < n; r++) printf("%d", columns[r]);
            printf(" is the first solution\n");
        }
        solutions++;
        return;
    }
    for (int col = 0; col < n; col++)
        if (safe(row, col)) {
            columns[row] = col;
            place(row + 1, n);
        }
}

void swap(char *a, char *b) {
    char t = *a;
    *a = *b;
    *b = t;
}

int permutations = 0;

void permute(char *s, int k, int n) {
    if (k == n) {
        if (permutations < 8) printf("%s ", s);
        permutations++;
        return;
    }
    for (int i = k; i < n; i++) {
        swap(s + k, s + i);
        permute(s, k + 1, n);
        swap(s + k, s + i);
    }
}

int main(void) {
    for (int n = 4; n <= 7; n++) {
        solutions = 0;
        place(0, n);
        printf("%d queens: %d solutions\n", n, solutions);
    }
    char word[] = "abcde";
    permute(word, 0, 5);
    printf("\n%d permutations, word back to %s\n", permutations, word);
    return 0;
}
