#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef struct { char name[20]; int scores[3]; double avg; } student;
int main(void) {
  int n = 3;
  student *s = malloc(n * sizeof(student));
  const char *names[] = {"ann", "ben", "cy"};
  for (int i = 0; i < n; i++) { strcpy(s[i].name, names[i]); int t = 0; for (int j = 0; j < 3; j++) { s[i].scores[j] = 60 + i * 10 + j; t += s[i].scores[j]; } s[i].avg = t / 3.0; }
  for (int i = 0; i < n; i++) printf("%-5s %5.2f\n", s[i].name, s[i].avg);
  printf("%zu %ld\n", sizeof(student), (long)((char *)&s[1] - (char *)&s[0]));
  student copy = s[1]; copy.name[0] = 'B'; printf("%s %s\n", copy.name, s[1].name);
  s = realloc(s, 5 * sizeof(student));
  s[4] = s[0]; printf("%s %d\n", s[4].name, s[4].scores[2]);
  free(s);
  return 0;
}
