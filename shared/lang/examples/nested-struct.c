#include <stdio.h>
#include <string.h>

struct date {
    int year;
    char month;
    char day;
};

struct student {
    char name[12];
    struct date born;
    double grade;
    struct student *best_friend;
};

void print_student(const struct student *s) {
    printf("%-6s born %04d-%02d-%02d grade %5.2f", s->name, s->born.year, s->born.month,
           s->born.day, s->grade);
    if (s->best_friend)
        printf(" friend %s", s->best_friend->name);
    printf("\n");
}

int main(void) {
    struct student class_list[3] = {
        {"Ada", {1815, 12, 10}, 19.5, NULL},
        {"Alan", {1912, 6, 23}, 18.25, NULL},
        {"Grace", {1906, 12, 9}, 17.75, NULL},
    };
    class_list[0].best_friend = &class_list[2];
    class_list[2].best_friend = &class_list[0];
    strcpy(class_list[1].name, "Turing");
    for (int i = 0; i < 3; i++)
        print_student(&class_list[i]);
    printf("sizeof(struct date) %zu, sizeof(struct student) %zu\n", sizeof(struct date),
           sizeof(struct student));
    printf("class_list[2].best_friend->born.year = %d\n", class_list[2].best_friend->born.year);
    return 0;
}
