/* CS:APP 3.10.3: a buffer on the stack, its distance from the saved frame pointer */
#include <stdio.h>
#include <string.h>
void echo(const char *input) {
  char buf[8];
  strcpy(buf, input);
  printf("%s (%zu bytes)\n", buf, strlen(buf));
}
int main(void) {
  echo("hello");
  echo("1234567");
  return 0;
}
